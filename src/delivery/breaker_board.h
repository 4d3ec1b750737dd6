#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "resilience/circuit_breaker.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::delivery {

// One circuit breaker per channel instance, created on first use with `config` (the
// delivery.circuit_breaker settings) overridden by the instance's
// provider_config.circuit_breaker, if any. Every transition is logged and stored in
// circuit_breaker_events; an emergency shutdown also marks the channel instance 'error' until
// an operator re-enables it (reset()). Thread-safe; breakers live as long as the board.
class BreakerBoard {
 public:
  BreakerBoard(storage::Store& store, const resilience::Clock& clock,
               resilience::CircuitBreakerConfig config);

  // The first call for an instance reads its provider_config from the store.
  resilience::CircuitBreaker& forChannel(const std::string& channel_instance_id);
  // The state, or Closed for a channel that has not been used yet.
  resilience::BreakerState state(const std::string& channel_instance_id);
  // CircuitBreaker::admissibleCalls(), or unbounded for a channel not used yet.
  int admissibleCalls(const std::string& channel_instance_id);
  // Called (on the thread of the transition, outside the board's lock) whenever a breaker
  // starts admitting calls again: HalfOpen or Closed. The dispatcher wakes its poller with
  // it, so a backlog held back by an open breaker moves at once. Set before use.
  void setOnAdmitting(std::function<void()> on_admitting);
  void reset(const std::string& channel_instance_id);
  // Resets a shut-down breaker whose channel instance the database says is 'connected' again:
  // an operator re-enabled it, perhaps through another gateway instance, whose reset() only
  // reaches its own breakers. True when it did. Only after this board has stored the
  // shutdown ('error'), so that the moment between the breaker's transition and that write
  // never reads as a re-enable. Reads the database, so callers ask only when the breaker has
  // refused.
  bool resetIfReenabled(const std::string& channel_instance_id);
  // Every breaker made so far with its state (for the circuit_breaker_state gauge).
  std::map<std::string, resilience::BreakerState> states();

 private:
  void onTransition(const std::string& channel_instance_id,
                    const resilience::BreakerTransition& transition);
  // The global settings with the instance's overrides; the global ones, logged, when the
  // instance cannot be read or its overrides are invalid (start-up validates the config's).
  resilience::CircuitBreakerConfig settingsFor(const std::string& channel_instance_id);

  storage::Store& store_;
  const resilience::Clock& clock_;
  const resilience::CircuitBreakerConfig config_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<resilience::CircuitBreaker>> breakers_;  // guarded
  // Channel instances whose shutdown this board marked 'error' in the database; guarded.
  std::set<std::string> shutdowns_stored_;
  std::function<void()> on_admitting_;  // set before use, then only read
};

}  // namespace mensajero::delivery
