#include "core/channel_warnings.h"

namespace mensajero::core {

bool webhooksVerifiable(const channels::ProviderRegistry& providers,
                        const storage::ChannelInstanceRecord& channel) {
  // A provider that sends no webhooks has none to verify.
  auto identity = providers.webhookIdentity(channel.provider, channel.provider_config);
  return !identity || identity->verifiable;
}

std::vector<std::string> channelWarnings(const channels::ProviderRegistry& providers,
                                         const storage::ChannelInstanceRecord& channel) {
  std::vector<std::string> warnings;
  if (!webhooksVerifiable(providers, channel)) {
    warnings.emplace_back(
        "no webhook secret is set (e.g. app_secret): the provider's webhooks (delivery statuses, "
        "replies) cannot be "
        "verified and are refused with 401");
  }
  return warnings;
}

}  // namespace mensajero::core
