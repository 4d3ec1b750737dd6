#include "resilience/token_bucket.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mensajero::resilience {

namespace {

// Refill is computed in floating point, so 0.99 + 0.01 may land just below 1. Amounts this
// close count as equal; it is far below one token-millisecond at any real rate.
constexpr double kEpsilon = 1e-9;

double validatedRatePerMs(double rate_per_second, double burst) {
  if (!(rate_per_second > 0.0) || !(burst >= 1.0) || !std::isfinite(rate_per_second) ||
      !std::isfinite(burst)) {
    throw std::invalid_argument("token bucket needs rate > 0 and burst >= 1");
  }
  return rate_per_second / 1000.0;
}

}  // namespace

TokenBucket::TokenBucket(double rate_per_second, double burst, const Clock& clock)
    : rate_per_ms_(validatedRatePerMs(rate_per_second, burst)),
      burst_(burst),
      clock_(clock),
      tokens_(burst),
      refilled_at_(clock.monotonicMillis()) {}

std::optional<std::chrono::milliseconds> TokenBucket::tryTake(double n) {
  if (!(n > 0.0)) return std::nullopt;  // taking nothing always succeeds
  if (n > burst_ + kEpsilon) return std::chrono::milliseconds::max();
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  refill(now);
  if (tokens_ + kEpsilon >= n) {
    tokens_ = std::max(0.0, tokens_ - n);
    return std::nullopt;
  }
  const double wait_ms = (n - tokens_) / rate_per_ms_;
  // Only an absurdly slow rate gets here; converting would overflow.
  if (wait_ms >= 9.0e18) return std::chrono::milliseconds::max();
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_ms - kEpsilon)));
}

double TokenBucket::available() const {
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  refill(now);
  return tokens_;
}

void TokenBucket::refill(std::int64_t now) const {
  // Monotonic time never goes back, but a clock read before another thread's refill can
  // arrive after it; such a reading adds nothing rather than subtracting.
  if (now <= refilled_at_) return;
  tokens_ = std::min(burst_, tokens_ + static_cast<double>(now - refilled_at_) * rate_per_ms_);
  refilled_at_ = now;
}

}  // namespace mensajero::resilience
