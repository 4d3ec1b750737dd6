#include "delivery/send_limits.h"

#include "security/crypto.h"

namespace mensajero::delivery {

SendLimits::SendLimits(SendLimitsConfig config, const resilience::Clock& clock,
                       ProviderLimitsOf provider_limits)
    : config_(config),
      clock_(clock),
      provider_limits_(std::move(provider_limits)),
      recipient_key_(security::randomHex(32)) {}

channels::ProviderLimits SendLimits::limitsFor(const std::string& channel_instance_id) {
  std::optional<channels::ProviderLimits> base;
  {
    std::lock_guard lock(mutex_);
    if (auto it = known_limits_.find(channel_instance_id); it != known_limits_.end()) {
      base = it->second;
    }
  }
  if (!base && provider_limits_) {
    base = provider_limits_(channel_instance_id);  // may read the store: outside the lock
    if (base) {
      std::lock_guard lock(mutex_);
      known_limits_.emplace(channel_instance_id, *base);
    }
  }
  channels::ProviderLimits limits = base.value_or(kUnknownProviderLimits);
  limits.messages_per_second =
      config_.channel_messages_per_second.value_or(limits.messages_per_second);
  limits.burst = config_.channel_burst.value_or(limits.burst);
  limits.pair_interval = config_.pair_interval.value_or(limits.pair_interval);
  limits.pair_burst = config_.pair_burst.value_or(limits.pair_burst);
  return limits;
}

std::optional<std::chrono::milliseconds> SendLimits::takePair(
    const std::string& channel_instance_id, const std::string& recipient) {
  const channels::ProviderLimits limits = limitsFor(channel_instance_id);
  // A provider without a pair limit (interval 0) leaves recipients to the channel's bucket.
  if (limits.pair_interval.count() <= 0 || limits.pair_burst <= 0) return std::nullopt;
  const std::string key =
      channel_instance_id + ":" + security::hmacSha256Hex(recipient_key_, recipient);
  const auto decision = pairsFor(limits).check(key);
  if (decision.allowed) return std::nullopt;
  return decision.retry_after;
}

std::optional<std::chrono::milliseconds> SendLimits::takeChannel(
    const std::string& channel_instance_id) {
  return bucketFor(channel_instance_id).tryTake();
}

std::size_t SendLimits::channelTokens(const std::string& channel_instance_id) {
  // The same tolerance as the bucket's own comparison: 0.9999999999 refilled tokens is one.
  return static_cast<std::size_t>(bucketFor(channel_instance_id).available() + 1e-9);
}

resilience::TokenBucket& SendLimits::bucketFor(const std::string& channel_instance_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = buckets_.find(channel_instance_id); it != buckets_.end()) return *it->second;
  }
  const channels::ProviderLimits limits = limitsFor(channel_instance_id);
  std::lock_guard lock(mutex_);
  auto& bucket = buckets_[channel_instance_id];
  if (!bucket) {
    bucket =
        std::make_unique<resilience::TokenBucket>(limits.messages_per_second, limits.burst, clock_);
  }
  return *bucket;
}

resilience::KeyedRateLimiter& SendLimits::pairsFor(const channels::ProviderLimits& limits) {
  std::lock_guard lock(mutex_);
  auto& limiter = pairs_[{limits.pair_interval.count(), limits.pair_burst}];
  if (!limiter) {
    limiter = std::make_unique<resilience::KeyedRateLimiter>(
        limits.pair_interval, limits.pair_burst, clock_, config_.max_tracked_recipients);
  }
  return *limiter;
}

}  // namespace mensajero::delivery
