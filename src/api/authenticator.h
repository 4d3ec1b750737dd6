#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "common/result.h"
#include "http/message.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::api {

// Resolves "Authorization: Bearer <key>" to the key's organization. Only the SHA-256 of a
// key is stored or cached. Positive answers are cached for a minute so the store is not
// read on every request. Thread-safe; may block on the store (call from blocking handlers).
class Authenticator {
 public:
  Authenticator(storage::Store& store, const resilience::Clock& clock);

  // The organization id; Unauthorized when the header is missing, malformed or unknown.
  Result<std::string> organizationFor(const http::Request& request);

 private:
  struct Cached {
    std::string organization_id;
    std::int64_t expires_monotonic = 0;
  };
  storage::Store& store_;
  const resilience::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // key hash -> organization; guarded by mutex_
};

}  // namespace mensajero::api
