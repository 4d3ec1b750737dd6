#include "resilience/backoff.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace mensajero::resilience {

namespace {

// min(cap, base * 2^(attempt - 1)) without forming a product that could overflow.
std::int64_t ceilingFor(const BackoffPolicy& policy, int attempt) {
  const std::int64_t base = policy.base.count();
  const std::int64_t cap = policy.cap.count();
  if (base <= 0 || cap <= 0) return 0;
  const int shift = std::max(attempt, 1) - 1;
  // base << shift <= cap  <=>  base <= cap >> shift, and shifting cap right never overflows.
  if (shift >= std::numeric_limits<std::int64_t>::digits || base > (cap >> shift)) return cap;
  return base << shift;
}

}  // namespace

std::chrono::milliseconds fullJitterDelay(const BackoffPolicy& policy, int attempt,
                                          double uniform01) {
  const std::int64_t ceiling = ceilingFor(policy, attempt);
  if (ceiling == 0) return std::chrono::milliseconds(0);
  // !(x >= 0) also catches NaN.
  const double u = !(uniform01 >= 0.0) ? 0.0 : std::min(uniform01, 1.0);
  const double drawn = std::floor(u * static_cast<double>(ceiling));
  // u * ceiling can round up to ceiling itself (or, near INT64_MAX, past what converts back
  // to an integer); the interval is half-open, so take the largest value below it.
  if (drawn >= static_cast<double>(ceiling)) return std::chrono::milliseconds(ceiling - 1);
  return std::chrono::milliseconds(static_cast<std::int64_t>(drawn));
}

std::chrono::milliseconds nextDelay(const BackoffPolicy& policy, int attempt, double uniform01,
                                    std::optional<std::chrono::milliseconds> retry_after) {
  const std::chrono::milliseconds jittered = fullJitterDelay(policy, attempt, uniform01);
  if (!retry_after) return jittered;
  return std::max(jittered, *retry_after);
}

bool shouldGiveUp(const BackoffPolicy& policy, int attempts_made, std::chrono::milliseconds age) {
  return attempts_made >= policy.max_attempts || age >= policy.max_age;
}

}  // namespace mensajero::resilience
