#include "channels/twilio/twilio_provider.h"

#include <utility>

#include <memory>

#include "channels/twilio/form_encoding.h"
#include "channels/twilio/twilio_channel.h"
#include "channels/twilio/twilio_config.h"
#include "channels/twilio/twilio_events.h"
#include "channels/twilio/twilio_signature.h"
#include "channels/twilio/twilio_webhook.h"

namespace mensajero::channels::twilio {
namespace {

// TwilioConfig as the opaque config the registry hands back to this provider.
struct TwilioProviderConfig final : ProviderConfig {
  explicit TwilioProviderConfig(TwilioConfig config) : twilio(std::move(config)) {}
  TwilioConfig twilio;
};

const TwilioConfig& twilioConfig(const ProviderConfig& config) {
  // Only readConfig below makes the configs handed back to this provider.
  return static_cast<const TwilioProviderConfig&>(config).twilio;
}

}  // namespace

bool TwilioProvider::carries(std::string_view channel_type) const {
  return twilioChannelTypeOf(channel_type).ok();
}

std::variant<ProviderConfigPtr, ConfigProblem> TwilioProvider::readConfig(
    std::string_view provider_config_json) const {
  auto read = readTwilioConfig(provider_config_json);
  if (auto* problem = std::get_if<TwilioConfigProblem>(&read)) {
    return ConfigProblem{std::move(problem->field), std::move(problem->problem)};
  }
  return std::make_shared<const TwilioProviderConfig>(std::get<TwilioConfig>(std::move(read)));
}

Result<ChannelPtr> TwilioProvider::makeChannel(const ProviderConfig& config,
                                               std::string_view channel_type,
                                               transport::HttpClient& client) const {
  auto type = twilioChannelTypeOf(channel_type);
  if (!type) return type.error();
  TwilioConfig twilio = twilioConfig(config);
  twilio.channel_type = *type;
  return ChannelPtr(std::make_unique<TwilioChannel>(std::move(twilio), client));
}

WebhookIdentity TwilioProvider::webhookIdentity(const ProviderConfig& config) const {
  const TwilioConfig& twilio = twilioConfig(config);
  const std::string& number =
      twilio.messaging_service_sid.empty() ? twilio.from : twilio.messaging_service_sid;
  return {number, !twilio.auth_token.empty(), "auth_token", ""};
}

bool TwilioProvider::verifyWebhook(const ProviderConfig& config,
                                   const WebhookRequest& request) const {
  const auto header = request.header("X-Twilio-Signature");
  if (!header) return false;
  // Bounded decoding first: the signature covers the decoded parameters.
  auto fields = decodeForm(request.body);
  if (!fields) return false;
  return verifyTwilioSignature(twilioConfig(config).auth_token, request.url, *fields, *header);
}

Result<std::string> TwilioProvider::webhookEventType(const WebhookRequest& request) const {
  auto fields = decodeForm(request.body);
  if (!fields) return fields.error();
  auto webhook = parseTwilioWebhook(*fields);
  if (!webhook) return webhook.error();
  return std::string(std::holds_alternative<TwilioStatusCallback>(*webhook) ? "status_callback"
                                                                            : "message");
}

Result<WebhookEvents> TwilioProvider::parseWebhook(std::string_view body) const {
  auto fields = decodeForm(body);
  if (!fields) return fields.error();
  auto webhook = parseTwilioWebhook(*fields);
  if (!webhook) return webhook.error();
  return toWebhookEvents(*webhook);
}

ProviderLimits TwilioProvider::defaultLimits() const {
  // A US long code sends about one message segment per second; a clinic with a short code or
  // a Messaging Service of many numbers raises limits.channel_messages_per_second.
  return {.messages_per_second = 1,
          .burst = 10,
          .pair_interval = std::chrono::milliseconds(1'000),
          .pair_burst = 10};
}

void registerProvider(ProviderRegistry& registry) {
  registry.add(std::make_unique<TwilioProvider>());
}

}  // namespace mensajero::channels::twilio
