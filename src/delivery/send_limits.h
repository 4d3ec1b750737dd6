#pragma once

#include <utility>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "channels/provider.h"
#include "resilience/clock.h"
#include "resilience/keyed_rate_limiter.h"
#include "resilience/token_bucket.h"

namespace mensajero::delivery {

// The operator's limits (limits.* in the config). Each one left unset is the provider's
// default for the channel instance (Provider::defaultLimits).
struct SendLimitsConfig {
  std::optional<int> channel_messages_per_second;
  std::optional<int> channel_burst;
  std::optional<std::chrono::milliseconds> pair_interval;
  std::optional<int> pair_burst;
  std::size_t max_tracked_recipients = 200'000;
};

// The provider's limits of a channel instance; nullopt when they cannot be told now (the
// instance cannot be read): the strict kUnknownProviderLimits apply to that call only.
using ProviderLimitsOf =
    std::function<std::optional<channels::ProviderLimits>(const std::string& channel_instance_id)>;

// Used while an instance's provider cannot be told: one message a second, one per recipient
// every 6 s. Strict on purpose: a short wait is better than a provider's throttling error.
inline constexpr channels::ProviderLimits kUnknownProviderLimits{
    .messages_per_second = 1,
    .burst = 1,
    .pair_interval = std::chrono::milliseconds(6'000),
    .pair_burst = 1};

// The provider-side limits the gateway keeps so that it never provokes throttling errors by
// itself (providers.md §1.4): a token bucket per channel instance and a pair limit per
// (channel instance, recipient), each at the operator's limit or else the instance's
// provider's default. Recipients are keyed by an HMAC under a per-process random key, so the
// limiter's memory never holds a phone number. Limits are per process: N instances on one
// database allow N times the rate (docs/ARCHITECTURE.md). Thread-safe.
class SendLimits {
 public:
  // `provider_limits` may be empty when `config` sets every limit.
  SendLimits(SendLimitsConfig config, const resilience::Clock& clock,
             ProviderLimitsOf provider_limits = {});

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
  // The limits of an instance: the operator's, else its provider's (cached once known).
  channels::ProviderLimits limitsFor(const std::string& channel_instance_id);
  resilience::TokenBucket& bucketFor(const std::string& channel_instance_id);
  resilience::KeyedRateLimiter& pairsFor(const channels::ProviderLimits& limits);

  const SendLimitsConfig config_;
  const resilience::Clock& clock_;
  const ProviderLimitsOf provider_limits_;
  const std::string recipient_key_;  // random per process, for the recipient HMAC
  std::mutex mutex_;
  std::map<std::string, channels::ProviderLimits> known_limits_;             // guarded
  std::map<std::string, std::unique_ptr<resilience::TokenBucket>> buckets_;  // guarded
  // One pair limiter per distinct (interval ms, burst), shared by the instances using it.
  std::map<std::pair<long long, int>, std::unique_ptr<resilience::KeyedRateLimiter>>
      pairs_;  // guarded by mutex_
};

}  // namespace mensajero::delivery
