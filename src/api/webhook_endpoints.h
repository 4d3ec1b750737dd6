#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "channels/provider_registry.h"
#include "common/result.h"
#include "storage/store.h"

namespace mensajero::api {

// Each organization's webhook endpoints (its channel instances, with their provider and
// parsed provider_config), held in memory so the hot POST path never reads the database and
// never parses a config. Knows no provider: verification and handshakes are the provider's.
// Reloaded at start and whenever channel instances change. Thread-safe.
class WebhookEndpoints {
 public:
  struct Endpoint {
    std::string channel_instance_id;
    const channels::Provider* provider = nullptr;  // never null; owned by the registry
    channels::ProviderConfigPtr config;            // never null
  };

  // `providers` must outlive this object.
  WebhookEndpoints(storage::Store& store, const channels::ProviderRegistry& providers);

  Status reload();
  // The organization's instances of `provider` whose config parses; empty when it has none
  // (or does not exist). An instance whose config does not parse can verify nothing; its
  // sends report the config error.
  std::vector<Endpoint> endpoints(const std::string& organization_id,
                                  std::string_view provider) const;

 private:
  storage::Store& store_;
  const channels::ProviderRegistry& providers_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::vector<Endpoint>> by_organization_;  // guarded by mutex_
};

}  // namespace mensajero::api
