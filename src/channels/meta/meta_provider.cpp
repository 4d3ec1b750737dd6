#include "channels/meta/meta_provider.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "channels/meta/meta_channel.h"
#include "channels/meta/meta_config.h"
#include "channels/meta/meta_events.h"
#include "channels/meta/meta_template_catalog.h"
#include "channels/meta/meta_webhook.h"
#include "common/json_probe.h"
#include "security/crypto.h"
#include "security/webhook_signature.h"

namespace mensajero::channels::meta {
namespace {

const MetaConfig& metaConfig(const ProviderConfig& config) {
  // Only readConfig below makes the configs handed back to this provider.
  return static_cast<const MetaConfig&>(config);
}

// webhook_logs.event_type is VARCHAR(50).
constexpr std::size_t kMaxEventTypeLength = 50;

// Meta's "field" of the first change, as a safe event type: "unknown" without one.
std::string eventTypeOf(const std::optional<std::string>& field) {
  if (!field) return "unknown";
  // Meta's fields are short snake_case names; anything else ("other") must still fit the
  // column and be safe to show in a log.
  const std::string& name = *field;
  const bool plain = !name.empty() && name.size() <= kMaxEventTypeLength &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  return plain ? name : "other";
}

}  // namespace

bool MetaProvider::carries(std::string_view channel_type) const {
  return channel_type == "whatsapp";
}

std::variant<ProviderConfigPtr, ConfigProblem> MetaProvider::readConfig(
    std::string_view provider_config_json) const {
  auto read = readMetaConfig(provider_config_json);
  if (auto* problem = std::get_if<ConfigProblem>(&read)) return std::move(*problem);
  return std::make_shared<const MetaConfig>(std::get<MetaConfig>(std::move(read)));
}

Result<ChannelPtr> MetaProvider::makeChannel(const ProviderConfig& config,
                                             std::string_view /*channel_type: whatsapp only*/,
                                             transport::HttpClient& client) const {
  return ChannelPtr(std::make_unique<MetaChannel>(metaConfig(config), client));
}

WebhookIdentity MetaProvider::webhookIdentity(const ProviderConfig& config) const {
  const MetaConfig& meta = metaConfig(config);
  return {meta.phone_number_id, !meta.app_secret.empty(), "app_secret", meta.waba_id};
}

bool MetaProvider::verifyWebhook(const ProviderConfig& config,
                                 const WebhookRequest& request) const {
  // X-Webhook-Signature is the spec's name for the same signature.
  auto header = request.header("X-Hub-Signature-256");
  if (!header) header = request.header("X-Webhook-Signature");
  return header &&
         security::verifyHubSignature(metaConfig(config).app_secret, request.body, *header);
}

std::optional<WebhookReply> MetaProvider::answerHandshake(const ProviderConfig& config,
                                                          const WebhookRequest& request) const {
  const std::string& verify_token = metaConfig(config).verify_token;
  const auto mode = request.query_param("hub.mode");
  const auto token = request.query_param("hub.verify_token");
  const auto challenge = request.query_param("hub.challenge");
  if (mode != "subscribe" || !token || !challenge || verify_token.empty() ||
      !security::constantTimeEquals(verify_token, *token)) {
    return std::nullopt;
  }
  return WebhookReply{200, *challenge};
}

Result<std::string> MetaProvider::webhookEventType(const WebhookRequest& request) const {
  // Before the 200: the bytes must be JSON within bounds, but only one field is read; the
  // processor parses them in full.
  static const std::vector<JsonPathStep> kFirstChangeField = {std::string("entry"), std::size_t{0},
                                                              std::string("changes"),
                                                              std::size_t{0}, std::string("field")};
  auto probe = probeBoundedJson(request.body, kFirstChangeField);
  if (!probe) return probe.error();
  if (!probe->is_object) {
    return makeError(ErrorCategory::Invalid, "invalid_request", "the body must be a JSON object");
  }
  return eventTypeOf(probe->value);
}

Result<WebhookEvents> MetaProvider::parseWebhook(std::string_view body) const {
  auto parsed = parseMetaWebhook(body);
  if (!parsed) return parsed.error();
  return toWebhookEvents(*parsed);
}

ProviderLimits MetaProvider::defaultLimits() const {
  // Meta's default throughput per business number, and its pair rate per recipient.
  return {.messages_per_second = 80,
          .burst = 80,
          .pair_interval = std::chrono::milliseconds(6'000),
          .pair_burst = 45};
}

Result<TemplateCatalogPtr> MetaProvider::makeTemplateCatalog(const ProviderConfig& config,
                                                             transport::HttpClient& client) const {
  const MetaConfig& meta = metaConfig(config);
  if (meta.waba_id.empty()) {
    return makeError(ErrorCategory::Invalid, "invalid_config",
                     "meta config: waba_id is required for template management");
  }
  return TemplateCatalogPtr(std::make_unique<MetaTemplateCatalog>(meta, client));
}

void registerProvider(ProviderRegistry& registry) {
  registry.add(std::make_unique<MetaProvider>());
}

}  // namespace mensajero::channels::meta
