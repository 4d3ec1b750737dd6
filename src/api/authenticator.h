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

// Who is calling: the organization and the API key that authenticated the request.
struct Caller {
  std::string organization_id;
  std::string api_key_id;
};

// Resolves "Authorization: Bearer <key>" to the key's organization. Only the SHA-256 of a
// key is stored or cached. Positive answers are cached for a minute so the store is not
// read on every request. Thread-safe; may block on the store (call from blocking handlers).
class Authenticator {
 public:
  Authenticator(storage::Store& store, const resilience::Clock& clock);

  // Unauthorized when the header is missing, malformed or unknown.
  Result<Caller> authenticate(const http::Request& request);

 private:
  struct Cached {
    Caller caller;
    std::int64_t expires_monotonic = 0;
  };
  storage::Store& store_;
  const resilience::Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // key hash -> caller; guarded by mutex_
};

}  // namespace mensajero::api
