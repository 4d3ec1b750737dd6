#include "core/channel_warnings.h"

#include "channels/meta/meta_config.h"

namespace mensajero::core {

bool webhooksVerifiable(const storage::ChannelInstanceRecord& channel) {
  if (channel.provider != "meta") return true;
  auto config = channels::meta::parseMetaConfig(channel.provider_config);
  return config && !config->app_secret.empty();
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
