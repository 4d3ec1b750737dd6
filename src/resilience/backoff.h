#pragma once

#include <chrono>
#include <optional>

namespace mensajero::resilience {

// Capped exponential backoff with full jitter (reliability.md §2). Plain values; copy freely.
struct BackoffPolicy {
  std::chrono::milliseconds base{1000};   // ceiling of the first delay
  std::chrono::milliseconds cap{300000};  // no ceiling grows past this
  int max_attempts = 8;                   // attempts in all, the first one included
  std::chrono::milliseconds max_age{std::chrono::hours(24)};  // since the message was accepted
};

// The delay before attempt `attempt + 1`, after `attempt` (1-based) attempts failed: uniform
// in [0, min(cap, base * 2^(attempt - 1))), drawn from `uniform01` in [0, 1). Attempts below 1
// count as 1, values of `uniform01` outside [0, 1) are clamped, and a non-positive base gives
// zero. Never overflows, for any attempt.
std::chrono::milliseconds fullJitterDelay(const BackoffPolicy& policy, int attempt,
                                          double uniform01);

// fullJitterDelay(), unless the provider's Retry-After asks for longer: then that, uncapped,
// since retrying sooner would only be refused again. A negative Retry-After counts as none.
std::chrono::milliseconds nextDelay(const BackoffPolicy& policy, int attempt, double uniform01,
                                    std::optional<std::chrono::milliseconds> retry_after);

// True once `attempts_made` reaches max_attempts or the message is max_age old.
bool shouldGiveUp(const BackoffPolicy& policy, int attempts_made, std::chrono::milliseconds age);

}  // namespace mensajero::resilience
