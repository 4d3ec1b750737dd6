#include "core/channel_warnings.h"

#include "channels/webhook_identity.h"

namespace mensajero::core {

bool webhooksVerifiable(const storage::ChannelInstanceRecord& channel) {
  // A provider that sends no webhooks has none to verify.
  auto identity = channels::webhookIdentity(channel.provider, channel.provider_config);
  return !identity || identity->verifiable;
}

std::vector<std::string> channelWarnings(const storage::ChannelInstanceRecord& channel) {
  std::vector<std::string> warnings;
  if (!webhooksVerifiable(channel)) {
    warnings.emplace_back(
        "app_secret is not set: the provider's webhooks (delivery statuses, replies) cannot be "
        "verified and are refused with 401");
  }
  return warnings;
}

}  // namespace mensajero::core
