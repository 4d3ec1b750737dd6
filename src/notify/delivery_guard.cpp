#include "notify/delivery_guard.h"

#include <utility>

#include <algorithm>
#include <limits>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

#include "resilience/backoff.h"

namespace mensajero::notify {
namespace {

void realSleep(std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }

// Operators learn that a channel stopped (and started again) carrying alerts. The detail is
// an error code, never a URL or a key.
void logTransition(const resilience::BreakerTransition& transition) {
  spdlog::warn("{}: breaker {} -> {} ({} failures in window; last: {})", transition.name,
               resilience::toString(transition.from), resilience::toString(transition.to),
               transition.failures_in_window, transition.detail);
}

DeliveryGuard::Uniform01 realUniform01() {
  return [engine = std::mt19937_64{std::random_device{}()}]() mutable {
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

}  // namespace

resilience::CircuitBreakerConfig notifierBreakerConfig(const DeliverySettings& settings) {
  resilience::CircuitBreakerConfig config;
  config.failure_threshold = settings.breaker_failure_threshold;
  config.monitoring_window = settings.breaker_window;
  config.recovery_timeout = settings.breaker_recovery;
  config.half_open_max_calls = 1;  // one good notification is proof enough
  // A notifier is never shut down for good: on call must hear about the next alert as soon as
  // the service is back.
  config.emergency_shutdown_threshold = std::numeric_limits<int>::max();
  return config;
}

DeliveryGuard::DeliveryGuard(std::string name, const DeliverySettings& settings,
                             const resilience::Clock& clock, Sleep sleep, Uniform01 uniform01)
    : settings_(settings),
      clock_(clock),
      breaker_(std::move(name), notifierBreakerConfig(settings), clock, logTransition),
      sleep_(sleep ? std::move(sleep) : Sleep(realSleep)),
      uniform01_(uniform01 ? std::move(uniform01) : realUniform01()) {}

Status DeliveryGuard::run(const std::function<Status()>& attempt) {
  resilience::BackoffPolicy policy;
  policy.base = settings_.backoff_base;
  policy.cap = settings_.backoff_cap;
  policy.max_attempts = std::max(1, settings_.max_attempts);
  const std::int64_t started = clock_.monotonicMillis();
  Status last = makeError(ErrorCategory::Internal, "notifier_not_attempted", "no attempt made");
  for (int made = 1;; ++made) {
    if (!breaker_.tryAcquire()) {
      return makeError(ErrorCategory::Unavailable, "notifier_circuit_open",
                       breaker_.name() + ": circuit open after repeated failures");
    }
    last = attempt();
    if (last.ok()) {
      breaker_.onSuccess();
      return last;
    }
    breaker_.onFailure(last.error().code);
    if (!last.error().retryable() || made >= policy.max_attempts) {
      return last;
    }
    std::optional<std::chrono::milliseconds> retry_after;
    if (last.error().retry_after_ms) {
      retry_after = std::chrono::milliseconds(*last.error().retry_after_ms);
    }
    const auto delay = resilience::nextDelay(policy, made, uniform01_(), retry_after);
    const auto spent = std::chrono::milliseconds(clock_.monotonicMillis() - started);
    if (spent + delay >= settings_.max_total) {
      return last;  // the next attempt would start past the budget
    }
    sleep_(delay);
  }
}

}  // namespace mensajero::notify
