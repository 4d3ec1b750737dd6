#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::api {

// What the webhook routes need of each organization's Meta channel instances, held in
// memory so the hot POST path never reads the database. Reloaded at start and whenever
// channel instances change. Thread-safe.
class WebhookSecrets {
 public:
  struct MetaEndpoint {
    std::string channel_instance_id;
    std::string phone_number_id;
    std::string app_secret;
    std::string verify_token;
  };

  explicit WebhookSecrets(storage::Store& store);

  Status reload();
  // Empty when the organization has no Meta channel instance (or does not exist).
  std::vector<MetaEndpoint> metaEndpoints(const std::string& organization_id) const;

 private:
  storage::Store& store_;
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::vector<MetaEndpoint>> by_organization_;  // guarded by mutex_
};

}  // namespace mensajero::api
