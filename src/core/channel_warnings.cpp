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
  auto identity = providers.webhookIdentity(channel.provider, channel.provider_config);
  if (identity && !identity->verifiable) {
    // A config that does not parse names no key; its sends report the config error.
    const std::string secret =
        identity->secret_key.empty() ? "the webhook secret" : identity->secret_key;
    warnings.push_back(secret +
                       " is not set: the provider's webhooks (delivery statuses, replies) cannot "
                       "be verified and are refused with 401");
  }
  return warnings;
}

}  // namespace mensajero::core
