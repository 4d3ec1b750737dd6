#include "resilience/keyed_rate_limiter.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace mensajero::resilience {

namespace {

std::int64_t validatedTolerance(std::chrono::microseconds period, int max_burst,
                                std::size_t max_keys) {
  if (period.count() <= 0 || max_burst < 1 || max_keys < 1) {
    throw std::invalid_argument("rate limiter needs period > 0, max_burst >= 1, max_keys >= 1");
  }
  if (period.count() > std::numeric_limits<std::int64_t>::max() / 4 / max_burst) {
    // The quarter leaves headroom for now + tolerance in check().
    throw std::invalid_argument("rate limiter period * max_burst is too large");
  }
  return period.count() * max_burst;
}

// Waits are reported in whole milliseconds, rounded up so that retrying after them succeeds.
std::chrono::milliseconds ceilMillis(std::int64_t micros) {
  return std::chrono::milliseconds((micros + 999) / 1000);
}

}  // namespace

KeyedRateLimiter::KeyedRateLimiter(std::chrono::microseconds period_per_request, int max_burst,
                                   const Clock& clock, std::size_t max_keys)
    : period_us_(period_per_request.count()),
      max_burst_(max_burst),
      tolerance_us_(validatedTolerance(period_per_request, max_burst, max_keys)),
      clock_(clock),
      max_keys_(max_keys) {}

KeyedRateLimiter::Decision KeyedRateLimiter::check(const std::string& key) {
  // Microseconds, so that limits above 1,000 requests/s keep a non-zero period.
  const std::int64_t now = clock_.monotonicMillis() * 1000;
  std::lock_guard lock(mutex_);
  dropExpired(now);

  const auto found = tat_by_key_.find(key);
  // Every key still in the table has its TAT in the future; an absent one is fresh.
  const std::int64_t tat = found == tat_by_key_.end() ? now : found->second;
  const std::int64_t new_tat = std::max(tat, now) + period_us_;
  const std::int64_t allow_at = new_tat - tolerance_us_;

  Decision decision;
  if (now < allow_at) {
    decision.retry_after = ceilMillis(allow_at - now);
    decision.reset_after = ceilMillis(tat - now);
    return decision;
  }

  if (found != tat_by_key_.end()) {
    keys_by_tat_.erase({tat, key});
    found->second = new_tat;
  } else {
    if (tat_by_key_.size() >= max_keys_) dropEarliest();
    tat_by_key_.emplace(key, new_tat);
  }
  keys_by_tat_.emplace(new_tat, key);

  decision.allowed = true;
  decision.remaining = static_cast<int>((tolerance_us_ - (new_tat - now)) / period_us_);
  decision.reset_after = ceilMillis(new_tat - now);
  return decision;
}

std::size_t KeyedRateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return tat_by_key_.size();
}

std::uint64_t KeyedRateLimiter::forcedEvictions() const {
  std::lock_guard lock(mutex_);
  return forced_evictions_;
}

void KeyedRateLimiter::dropExpired(std::int64_t now) {  // now in microseconds
  // A TAT at or before now means the key would be treated exactly like a new one.
  while (!keys_by_tat_.empty() && keys_by_tat_.begin()->first <= now) {
    tat_by_key_.erase(keys_by_tat_.begin()->second);
    keys_by_tat_.erase(keys_by_tat_.begin());
  }
}

void KeyedRateLimiter::dropEarliest() {
  if (keys_by_tat_.empty()) return;
  tat_by_key_.erase(keys_by_tat_.begin()->second);
  keys_by_tat_.erase(keys_by_tat_.begin());
  ++forced_evictions_;
}

}  // namespace mensajero::resilience
