#pragma once

#include "channels/provider.h"
#include "channels/provider_registry.h"

namespace mensajero::channels::meta {

// Meta's WhatsApp Cloud API as a Provider: provider_config is MetaConfig (meta_config.h),
// the sender MetaChannel, webhooks signed with X-Hub-Signature-256 over the body under the
// app secret, the GET hub.challenge handshake under the verify token, and Meta's default
// throughput (80 messages/s per number) and pair rate (one per 6 s, bursting to 45).
class MetaProvider final : public Provider {
 public:
  std::string_view name() const override { return "meta"; }
  bool carries(std::string_view channel_type) const override;
  std::variant<ProviderConfigPtr, ConfigProblem> readConfig(
      std::string_view provider_config_json) const override;
  Result<ChannelPtr> makeChannel(const ProviderConfig& config, std::string_view channel_type,
                                 transport::HttpClient& client) const override;
  WebhookIdentity webhookIdentity(const ProviderConfig& config) const override;
  bool verifyWebhook(const ProviderConfig& config, const WebhookRequest& request) const override;
  std::optional<WebhookReply> answerHandshake(const ProviderConfig& config,
                                              const WebhookRequest& request) const override;
  Result<std::string> webhookEventType(const WebhookRequest& request) const override;
  Result<WebhookEvents> parseWebhook(std::string_view body) const override;
  ProviderLimits defaultLimits() const override;
  // MetaTemplateCatalog; Invalid "invalid_config" when waba_id is not configured.
  Result<TemplateCatalogPtr> makeTemplateCatalog(const ProviderConfig& config,
                                                 transport::HttpClient& client) const override;
};

// Adds MetaProvider to `registry` (called by app at start-up).
void registerProvider(ProviderRegistry& registry);

}  // namespace mensajero::channels::meta
