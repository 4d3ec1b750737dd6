#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>

#include "resilience/clock.h"

namespace mensajero::resilience {

// A token bucket that refills continuously from monotonic time, e.g. Meta's 80 messages/s
// per business number (providers.md §1.4). Starts full. Thread-safe.
class TokenBucket {
 public:
  // Throws std::invalid_argument unless rate_per_second > 0 and burst >= 1.
  TokenBucket(double rate_per_second, double burst, const Clock& clock);
  TokenBucket(const TokenBucket&) = delete;
  TokenBucket& operator=(const TokenBucket&) = delete;

  // Takes `n` tokens and returns nullopt, or takes nothing and returns how long until `n`
  // tokens will be there (rounded up to whole ms). If n > burst it can never succeed:
  // returns milliseconds::max(). n <= 0 takes nothing and succeeds.
  std::optional<std::chrono::milliseconds> tryTake(double n = 1.0);
  // Tokens there now, for metrics.
  double available() const;

 private:
  void refill(std::int64_t now) const;  // requires mutex_

  const double rate_per_ms_;
  const double burst_;
  const Clock& clock_;

  mutable std::mutex mutex_;
  // Refilling is lazy, so even const readers bring these up to date.
  mutable double tokens_;             // guarded by mutex_
  mutable std::int64_t refilled_at_;  // guarded by mutex_; monotonic ms
};

}  // namespace mensajero::resilience
