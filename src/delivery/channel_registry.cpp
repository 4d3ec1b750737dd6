#include "delivery/channel_registry.h"

#include "channels/meta/meta_channel.h"
#include "channels/meta/meta_config.h"
#include "channels/twilio/twilio_channel.h"
#include "channels/twilio/twilio_config.h"

namespace mensajero::delivery {

ChannelRegistry::ChannelRegistry(storage::Store& store, transport::HttpClient& http_client)
    : store_(store), http_client_(http_client) {}

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

void ChannelRegistry::invalidate(const std::string& instance_id) {
  std::lock_guard lock(mutex_);
  channels_.erase(instance_id);
}

Result<std::shared_ptr<channels::Channel>> ChannelRegistry::build(
    const storage::ChannelInstanceRecord& record) {
  if (record.provider == "meta") {
    auto config = channels::meta::parseMetaConfig(record.provider_config);
    if (!config) return config.error();
    return std::shared_ptr<channels::Channel>(
        std::make_shared<channels::meta::MetaChannel>(std::move(*config), http_client_));
  }
  if (record.provider == "twilio") {
    auto config = channels::twilio::parseTwilioConfig(record.provider_config, record.channel_type);
    if (!config) return config.error();
    return std::shared_ptr<channels::Channel>(
        std::make_shared<channels::twilio::TwilioChannel>(std::move(*config), http_client_));
  }
  return makeError(ErrorCategory::Invalid, "unsupported_provider",
                   "provider '" + record.provider + "' is not supported yet");
}

}  // namespace mensajero::delivery
