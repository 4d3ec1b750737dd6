#pragma once

#include <utility>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "resilience/clock.h"

namespace mensajero::resilience {

// GCRA rate limiting per key (reliability.md §3): one theoretical arrival time (TAT) per key,
// an exact retry time, no background drip. Used for Meta's pair rate per recipient (one per
// 6 s, bursts of 45) and for per-API-key HTTP limits. Keys are opaque and stored as given, so
// callers pass an HMAC, never a phone number. Thread-safe.
//
// Memory is bounded by max_keys. A key whose TAT has passed holds no state worth keeping (it
// would start afresh anyway) and is dropped lazily. When the table is full of live keys, the
// one with the earliest TAT goes: it is the nearest to full quota, so forgetting it grants the
// least extra. Size max_keys above the number of keys active within one burst period.
class KeyedRateLimiter {
 public:
  struct Decision {
    bool allowed = false;
    // Zero when allowed; otherwise the exact wait until the same request would be allowed.
    std::chrono::milliseconds retry_after{0};
    // Requests the key could still make at once, after this one.
    int remaining = 0;
    // Until the key has its whole burst again.
    std::chrono::milliseconds reset_after{0};
  };

  // `max_burst` is how many requests pass back to back from a fresh key (redis-cell's
  // max_burst + 1); afterwards one per `period_per_request`. Throws std::invalid_argument
  // for a non-positive period, max_burst or max_keys, or if period * max_burst overflows.
  KeyedRateLimiter(std::chrono::microseconds period_per_request, int max_burst, const Clock& clock,
                   std::size_t max_keys);
  KeyedRateLimiter(const KeyedRateLimiter&) = delete;
  KeyedRateLimiter& operator=(const KeyedRateLimiter&) = delete;

  // Counts one request for `key` if it is within the limit. A refused request costs nothing.
  Decision check(const std::string& key);

  int limit() const { return max_burst_; }
  // Keys currently tracked, expired ones possibly included until the next check().
  std::size_t size() const;
  // Live keys dropped because the table was full; non-zero means max_keys is too small.
  std::uint64_t forcedEvictions() const;

 private:
  void dropExpired(std::int64_t now);  // requires mutex_
  void dropEarliest();                 // requires mutex_

  // Times are monotonic microseconds.
  const std::int64_t period_us_;
  const int max_burst_;
  const std::int64_t tolerance_us_;  // period * max_burst: how far the TAT may run ahead
  const Clock& clock_;
  const std::size_t max_keys_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> tat_by_key_;  // guarded by mutex_
  // The same entries ordered by TAT, so expired and earliest keys are found at the front.
  std::set<std::pair<std::int64_t, std::string>> keys_by_tat_;  // guarded by mutex_
  std::uint64_t forced_evictions_ = 0;                          // guarded by mutex_
};

}  // namespace mensajero::resilience
