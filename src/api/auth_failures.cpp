#include "api/auth_failures.h"

namespace mensajero::api {
namespace {
constexpr std::int64_t kWindowMs = 60'000;
constexpr std::int64_t kSweepIntervalMs = 1'000;
}  // namespace

AuthFailures::AuthFailures(Options options, const resilience::Clock& clock)
    : options_(options), clock_(clock) {}

std::optional<std::int64_t> AuthFailures::blockedFor(const std::string& source) {
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  const auto it = sources_.find(source);
  if (it == sources_.end() || it->second.blocked_until <= now) return std::nullopt;
  return it->second.blocked_until - now;
}

bool AuthFailures::recordFailure(const std::string& source) {
  failures_total_.fetch_add(1, std::memory_order_relaxed);
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  auto it = sources_.find(source);
  if (it == sources_.end()) {
    if (sources_.size() >= options_.max_sources) sweep(now);
    if (sources_.size() >= options_.max_sources) return false;
    it = sources_.emplace(source, Source{}).first;
  }
  Source& entry = it->second;
  if (entry.failures == 0 || now - entry.window_start >= kWindowMs) {
    entry.window_start = now;
    entry.failures = 0;
  }
  if (++entry.failures < options_.failures_per_minute) return false;
  entry.blocked_until = now + options_.block_ms;
  entry.failures = 0;  // a new window opens with the first failure after the block
  return true;
}

bool AuthFailures::expired(const Source& source, std::int64_t now) const {
  return source.blocked_until <= now &&
         (source.failures == 0 || now - source.window_start >= kWindowMs);
}

void AuthFailures::sweep(std::int64_t now) {
  // A flood of new sources would otherwise walk the whole map on every failure.
  if (last_sweep_ != 0 && now - last_sweep_ < kSweepIntervalMs) return;
  last_sweep_ = now;
  std::erase_if(sources_, [&](const auto& entry) { return expired(entry.second, now); });
}

}  // namespace mensajero::api
