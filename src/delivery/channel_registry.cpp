#include "delivery/channel_registry.h"

#include "core/domain/channel_type.h"

namespace mensajero::delivery {

ChannelRegistry::ChannelRegistry(storage::Store& store, const channels::ProviderRegistry& providers,
                                 transport::HttpClient& http_client)
    : store_(store), providers_(providers), http_client_(http_client) {}

Result<std::shared_ptr<channels::Channel>> ChannelRegistry::get(const std::string& instance_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = channels_.find(instance_id); it != channels_.end()) return it->second;
  }
  auto record = store_.findChannelInstance(instance_id);
  if (!record) return record.error();
  if (!*record)
    return makeError(ErrorCategory::NotFound, "no_channel", "channel instance not found");
  auto channel = build(**record);
  if (!channel) return channel.error();
  std::lock_guard lock(mutex_);
  return channels_.try_emplace(instance_id, std::move(*channel)).first->second;
}

std::optional<channels::ProviderLimits> ChannelRegistry::limitsOf(const std::string& instance_id) {
  auto record = store_.findChannelInstance(instance_id);
  if (!record || !*record) return std::nullopt;
  const channels::Provider* provider = providers_.find((*record)->provider);
  if (provider == nullptr) return std::nullopt;
  return provider->defaultLimits();
}

void ChannelRegistry::invalidate(const std::string& instance_id) {
  std::lock_guard lock(mutex_);
  channels_.erase(instance_id);
}

Result<std::shared_ptr<channels::Channel>> ChannelRegistry::build(
    const storage::ChannelInstanceRecord& record) {
  const channels::Provider* provider = providers_.find(record.provider);
  if (provider == nullptr) {
    return makeError(ErrorCategory::Invalid, "unsupported_provider",
                     "provider '" + record.provider + "' is not supported yet");
  }
  auto config = provider->parseConfig(record.provider_config);
  if (!config) return config.error();
  auto channel = provider->makeChannel(**config, domain::toText(record.channel_type), http_client_);
  if (!channel) return channel.error();
  return std::shared_ptr<channels::Channel>(std::move(*channel));
}

}  // namespace mensajero::delivery
