#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "resilience/clock.h"
#include "resilience/keyed_rate_limiter.h"
#include "resilience/token_bucket.h"

namespace mensajero::delivery {

struct SendLimitsConfig {
  int channel_messages_per_second = 80;  // Meta's default throughput per business number
  int channel_burst = 80;
  std::chrono::milliseconds pair_interval{6'000};  // Meta's pair rate: one per 6 s...
  int pair_burst = 45;                             // ...bursting to 45
  std::size_t max_tracked_recipients = 200'000;
};

// The provider-side limits the gateway keeps so that it never provokes throttling errors by
// itself (providers.md §1.4): a token bucket per channel instance and a pair limit per
// (channel instance, recipient). Recipients are keyed by an HMAC under a per-process random
// key, so the limiter's memory never holds a phone number. Limits are per process: N
// instances on one database allow N times the rate (docs/ARCHITECTURE.md). Thread-safe.
class SendLimits {
 public:
  SendLimits(SendLimitsConfig config, const resilience::Clock& clock);

  // Counts one message to `recipient`; nullopt when it may go now, otherwise the wait until
  // the recipient's quota allows it (nothing is counted then).
  std::optional<std::chrono::milliseconds> takePair(const std::string& channel_instance_id,
                                                    const std::string& recipient);
  // Takes a token of the channel's bucket; nullopt when taken, otherwise the wait until one
  // will be there.
  std::optional<std::chrono::milliseconds> takeChannel(const std::string& channel_instance_id);
  // Whole tokens in the channel's bucket now (a channel not used yet has a full bucket).
  std::size_t channelTokens(const std::string& channel_instance_id);

 private:
  resilience::TokenBucket& bucketFor(const std::string& channel_instance_id);

  const SendLimitsConfig config_;
  const resilience::Clock& clock_;
  const std::string recipient_key_;  // random per process, for the recipient HMAC
  resilience::KeyedRateLimiter pairs_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<resilience::TokenBucket>> buckets_;  // guarded
};

}  // namespace mensajero::delivery
