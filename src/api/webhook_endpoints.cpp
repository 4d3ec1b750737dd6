#include "api/webhook_endpoints.h"

#include <mutex>

namespace mensajero::api {

WebhookEndpoints::WebhookEndpoints(storage::Store& store,
                                   const channels::ProviderRegistry& providers)
    : store_(store), providers_(providers) {}

Status WebhookEndpoints::reload() {
  auto channels = store_.listAllChannelInstances();
  if (!channels) return channels.error();
  std::map<std::string, std::vector<Endpoint>> loaded;
  for (const auto& channel : *channels) {
    const channels::Provider* provider = providers_.find(channel.provider);
    if (provider == nullptr) continue;  // this build receives no webhooks of it
    auto config = provider->parseConfig(channel.provider_config);
    if (!config) continue;
    loaded[channel.organization_id].push_back({channel.id, provider, std::move(*config)});
  }
  std::unique_lock lock(mutex_);
  by_organization_ = std::move(loaded);
  return {};
}

std::vector<WebhookEndpoints::Endpoint> WebhookEndpoints::endpoints(
    const std::string& organization_id, std::string_view provider) const {
  std::vector<Endpoint> found;
  std::shared_lock lock(mutex_);
  auto it = by_organization_.find(organization_id);
  if (it == by_organization_.end()) return found;
  for (const Endpoint& endpoint : it->second) {
    if (endpoint.provider->name() == provider) found.push_back(endpoint);
  }
  return found;
}

}  // namespace mensajero::api
