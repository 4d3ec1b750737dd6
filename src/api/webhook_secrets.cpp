#include "api/webhook_secrets.h"

#include <mutex>

#include "channels/meta/meta_config.h"

namespace mensajero::api {

WebhookSecrets::WebhookSecrets(storage::Store& store) : store_(store) {}

Status WebhookSecrets::reload() {
  auto channels = store_.listAllChannelInstances();
  if (!channels) return channels.error();
  std::map<std::string, std::vector<MetaEndpoint>> loaded;
  for (const auto& channel : *channels) {
    if (channel.provider != "meta") continue;
    auto config = channels::meta::parseMetaConfig(channel.provider_config);
    if (!config) continue;  // a broken config cannot verify anything; sends report it
    loaded[channel.organization_id].push_back(
        {channel.id, config->phone_number_id, config->app_secret, config->verify_token});
  }
  std::unique_lock lock(mutex_);
  by_organization_ = std::move(loaded);
  return {};
}

std::vector<WebhookSecrets::MetaEndpoint> WebhookSecrets::metaEndpoints(
    const std::string& organization_id) const {
  std::shared_lock lock(mutex_);
  auto it = by_organization_.find(organization_id);
  return it == by_organization_.end() ? std::vector<MetaEndpoint>{} : it->second;
}

}  // namespace mensajero::api
