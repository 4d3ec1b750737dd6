#include "delivery/send_limits.h"

#include "security/crypto.h"

namespace mensajero::delivery {

SendLimits::SendLimits(SendLimitsConfig config, const resilience::Clock& clock)
    : config_(config),
      clock_(clock),
      recipient_key_(security::randomHex(32)),
      pairs_(config.pair_interval, config.pair_burst, clock, config.max_tracked_recipients) {}

std::optional<std::chrono::milliseconds> SendLimits::takePair(
    const std::string& channel_instance_id, const std::string& recipient) {
  const std::string key =
      channel_instance_id + ":" + security::hmacSha256Hex(recipient_key_, recipient);
  const auto decision = pairs_.check(key);
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
  std::lock_guard lock(mutex_);
  auto& bucket = buckets_[channel_instance_id];
  if (!bucket) {
    bucket = std::make_unique<resilience::TokenBucket>(config_.channel_messages_per_second,
                                                       config_.channel_burst, clock_);
  }
  return *bucket;
}

}  // namespace mensajero::delivery
