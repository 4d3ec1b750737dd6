#pragma once

#include "channels/provider.h"
#include "channels/provider_registry.h"

namespace mensajero::channels::twilio {

// Twilio's Programmable Messaging as a Provider: provider_config is TwilioConfig
// (twilio_config.h), the sender TwilioChannel (SMS, or WhatsApp through Twilio by the
// instance's type), webhooks form-encoded and signed with X-Twilio-Signature over the full
// URL and the sorted parameters under the auth token, no handshake, and a cautious default
// rate (one message per second: a US long code's throughput).
class TwilioProvider final : public Provider {
 public:
  std::string_view name() const override { return "twilio"; }
  bool carries(std::string_view channel_type) const override;
  std::variant<ProviderConfigPtr, ConfigProblem> readConfig(
      std::string_view provider_config_json) const override;
  Result<ChannelPtr> makeChannel(const ProviderConfig& config, std::string_view channel_type,
                                 transport::HttpClient& client) const override;
  WebhookIdentity webhookIdentity(const ProviderConfig& config) const override;
  bool verifyWebhook(const ProviderConfig& config, const WebhookRequest& request) const override;
  Result<std::string> webhookEventType(const WebhookRequest& request) const override;
  Result<WebhookEvents> parseWebhook(std::string_view body) const override;
  ProviderLimits defaultLimits() const override;
};

// Adds TwilioProvider to `registry` (called by app at start-up).
void registerProvider(ProviderRegistry& registry);

}  // namespace mensajero::channels::twilio
