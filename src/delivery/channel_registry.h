#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "channels/channel.h"
#include "channels/provider_registry.h"
#include "common/result.h"
#include "storage/store.h"
#include "transport/http_client.h"

namespace mensajero::delivery {

// Builds the provider client of each channel instance from its stored provider_config on
// first use, through the instance's provider in `providers`, and keeps it. Thread-safe; the
// returned channel stays valid while held. `providers` and `http_client` must outlive it.
class ChannelRegistry {
 public:
  ChannelRegistry(storage::Store& store, const channels::ProviderRegistry& providers,
                  transport::HttpClient& http_client);

  // NotFound for an unknown instance; Invalid for a provider this build cannot send with
  // or a provider_config that does not parse.
  Result<std::shared_ptr<channels::Channel>> get(const std::string& instance_id);
  // The default sending limits of the instance's provider; nullopt when the instance cannot be
  // read now or its provider is not in this build.
  std::optional<channels::ProviderLimits> limitsOf(const std::string& instance_id);
  // Forget a cached client (its configuration changed).
  void invalidate(const std::string& instance_id);

 private:
  Result<std::shared_ptr<channels::Channel>> build(const storage::ChannelInstanceRecord& record);

  storage::Store& store_;
  const channels::ProviderRegistry& providers_;
  transport::HttpClient& http_client_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<channels::Channel>> channels_;  // guarded by mutex_
};

}  // namespace mensajero::delivery
