#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "api/auth_failures.h"
#include "common/result.h"
#include "http/message.h"
#include "resilience/clock.h"
#include "security/api_key_scopes.h"
#include "storage/store.h"

namespace mensajero::api {

// Who is calling: the organization and the API key that authenticated the request.
struct Caller {
  std::string organization_id;
  std::string api_key_id;
  security::ScopeSet scopes;  // what the key may do
};

// Resolves "Authorization: Bearer <key>" to the key's organization and scopes. Only the
// SHA-256 of a key is stored or cached. A key is re-confirmed with the store when it was last
// confirmed a second ago or more, so a key revoked (or removed) on any instance sharing the
// store is refused by every instance within a second, while the store sees at most about
// one read per key per second. Failed authentications are counted per source address
// (AuthFailures) and logged without the presented key. Thread-safe; may block on the store
// (call from blocking handlers).
class Authenticator {
 public:
  static constexpr std::int64_t kReconfirmMs = 1'000;

  Authenticator(storage::Store& store, const resilience::Clock& clock,
                AuthFailures::Options failures = {});

  // Unauthorized when the header is missing or malformed, or the key is unknown or revoked.
  // RateLimited (too_many_failed_authentications, with retry_after_ms) when the request's
  // source is blocked for failing too often and its key was not confirmed recently: a blocked
  // source's keys are never looked up, so guessing from it stops, while a clinic behind the
  // same proxy keeps using the keys it was already using. The store's error when it fails.
  Result<Caller> authenticate(const http::Request& request);

  const AuthFailures& failures() const { return failures_; }

 private:
  struct Cached {
    Caller caller;
    std::int64_t confirmed_monotonic = 0;
  };
  Error refuse(const http::Request& request, const char* reason);

  storage::Store& store_;
  const resilience::Clock& clock_;
  AuthFailures failures_;
  std::mutex mutex_;
  std::map<std::string, Cached> cache_;  // key hash -> caller; guarded by mutex_
};

}  // namespace mensajero::api
