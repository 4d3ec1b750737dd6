#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/result.h"
#include "notify/notifier_settings.h"
#include "resilience/circuit_breaker.h"
#include "resilience/clock.h"

namespace mensajero::notify {

// Retries and a circuit breaker around one notifier's attempts. Each attempt asks the breaker
// first; a retryable failure is retried after a full-jitter backoff while attempts and the time
// budget (DeliverySettings::max_total, measured on the injected clock) last; any other failure
// ends the delivery at once. Called from the alerting thread only (not thread-safe to share
// between concurrent deliveries, though the breaker itself is).
class DeliveryGuard {
 public:
  using Sleep = std::function<void(std::chrono::milliseconds)>;
  using Uniform01 = std::function<double()>;

  // `name` names the breaker ("notifier:slack"). `sleep` waits between attempts and `uniform01`
  // draws the jitter; both default to the real ones.
  DeliveryGuard(std::string name, const DeliverySettings& settings, const resilience::Clock& clock,
                Sleep sleep = {}, Uniform01 uniform01 = {});

  // Runs `attempt` until it succeeds or the guard gives up. Returns the last failure, or
  // Unavailable "notifier_circuit_open" when the breaker refused an attempt.
  Status run(const std::function<Status()>& attempt);

  resilience::BreakerState breakerState() const { return breaker_.state(); }

 private:
  DeliverySettings settings_;
  const resilience::Clock& clock_;
  resilience::CircuitBreaker breaker_;
  Sleep sleep_;
  Uniform01 uniform01_;
};

// The circuit-breaker settings a notifier's breaker uses.
resilience::CircuitBreakerConfig notifierBreakerConfig(const DeliverySettings& settings);

}  // namespace mensajero::notify
