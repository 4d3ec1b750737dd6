#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "resilience/clock.h"

namespace mensajero::resilience {

// Defaults are the spec's (architecture.md §A.2). Every count must be at least 1 and every
// duration non-negative.
struct CircuitBreakerConfig {
  // Failures within monitoring_window that open a closed breaker.
  int failure_threshold = 5;
  // How long an open breaker rejects before it admits half-open trials.
  std::chrono::milliseconds recovery_timeout{30000};
  // Sliding window over which a closed breaker counts failures.
  std::chrono::milliseconds monitoring_window{60000};
  // Trials a half-open breaker admits; all of them must succeed for it to close.
  int half_open_max_calls = 3;
  // Failures since the provider last looked healthy that shut the breaker down.
  int emergency_shutdown_threshold = 50;
};

enum class BreakerState { Closed, Open, HalfOpen, Shutdown };

// "CLOSED", "OPEN", "HALF_OPEN", "SHUTDOWN": the names stored and shown to operators.
std::string_view toString(BreakerState state);

// One state change, for the caller to store, log and count.
struct BreakerTransition {
  std::string name;  // the breaker's name
  BreakerState from = BreakerState::Closed;
  BreakerState to = BreakerState::Closed;
  int failures_in_window = 0;       // both counts as they stand after the transition
  int failures_since_recovery = 0;  // the emergency count
  std::string detail;               // the failure that caused it, or why it happened
  UnixMillis at = 0;                // wall time of the transition
  // Increases by one per transition of this breaker. Callbacks run outside the lock, so two
  // threads may report out of order; a store keeps the highest sequence.
  std::uint64_t sequence = 0;
};

// Called after the breaker's lock is released, on the thread whose call caused the change.
// It may call back into the breaker.
using TransitionCallback = std::function<void(const BreakerTransition&)>;

// The answer to tryAcquire(). An admitted call must later report exactly one of onSuccess(),
// onFailure() or onIgnored().
struct Permit {
  bool admitted = false;
  BreakerState state = BreakerState::Closed;  // the state that decided
  // Set only when rejected while Open: the time until a half-open trial will be admitted.
  std::optional<std::chrono::milliseconds> retry_after;

  explicit operator bool() const { return admitted; }
};

// A circuit breaker for one provider. Thread-safe; every method is a short critical section.
//
// Closed: admits everything and counts failure timestamps in a sliding monitoring_window
// (successes do not remove them); opens when failure_threshold are in the window.
// Open: rejects until recovery_timeout has passed since opening; then the next tryAcquire()
// moves it to HalfOpen and is admitted as the first trial.
// HalfOpen: admits at most half_open_max_calls trials. It closes (clearing the window) once
// that many have succeeded, and reopens on the first trial failure, restarting the timer.
// Shutdown: rejects everything until reset().
//
// Emergency count: failures since the provider last looked healthy, i.e. since the last
// success while Closed, the last HalfOpen -> Closed recovery, or reset(). Opening does not
// clear it, so failed half-open trials accumulate across open/half-open cycles; when it
// reaches emergency_shutdown_threshold the breaker moves to Shutdown from any state.
//
// NOTE: outcomes carry no permit id. A success or failure arriving while HalfOpen is taken as
// a trial's; outcomes of calls admitted before the breaker opened normally finish long before
// recovery_timeout. Successes arriving while Open or Shutdown are ignored; failures arriving
// then still add to the emergency count.
class CircuitBreaker {
 public:
  // Throws std::invalid_argument for a count below 1 or a negative duration.
  CircuitBreaker(std::string name, CircuitBreakerConfig config, const Clock& clock,
                 TransitionCallback on_transition = {});
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // Asks to make one call. May move Open -> HalfOpen.
  Permit tryAcquire();
  // Outcome of an admitted call. `detail` describes the failure (an error code, never PHI)
  // and is passed on in the transition it causes.
  void onSuccess();
  void onFailure(std::string detail);
  // The call ended in a way that says nothing about the provider (e.g. a 4xx caused by the
  // message itself): counts as neither, and frees a half-open trial slot for another call.
  void onIgnored();
  // Operator re-enable: Closed from any state, with the window, trials and emergency count
  // cleared. totalFailures() is kept.
  void reset();

  BreakerState state() const;
  const std::string& name() const { return name_; }
  int failuresInWindow() const;
  int failuresSinceRecovery() const;
  // Every failure reported since construction, for metrics.
  std::int64_t totalFailures() const;
  // While Open: the time until the next tryAcquire() becomes a half-open trial (zero once due).
  // Otherwise nullopt.
  std::optional<std::chrono::milliseconds> retryAfter() const;
  // How many tryAcquire() calls would be admitted now: unbounded (INT_MAX) while Closed, the
  // trials left while HalfOpen (all of them once an Open breaker's recovery_timeout has
  // passed), none while Open before that or Shutdown. Lets a caller take on only the work the
  // breaker will let through.
  int admissibleCalls() const;

 private:
  // Each helper requires mutex_ held. moveTo() returns the transition to report once the
  // lock is released, with the counts as they stand after it.
  BreakerTransition moveTo(BreakerState to, std::string detail, std::int64_t now);
  void pruneWindow(std::int64_t now);
  std::chrono::milliseconds openRemaining(std::int64_t now) const;
  void report(const std::optional<BreakerTransition>& transition) const;

  const std::string name_;
  const CircuitBreakerConfig config_;
  const Clock& clock_;
  const TransitionCallback on_transition_;

  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::Closed;  // guarded by mutex_
  // Monotonic ms of failures within the window, oldest first. Bounded: while Closed, reaching
  // failure_threshold opens the breaker, and entering Closed clears it; elsewhere reaching
  // emergency_shutdown_threshold stops the counting.
  std::deque<std::int64_t> failure_times_;  // guarded by mutex_
  std::int64_t opened_at_ = 0;              // guarded by mutex_; monotonic ms
  int trials_admitted_ = 0;                 // guarded by mutex_; in flight or succeeded
  int trials_succeeded_ = 0;                // guarded by mutex_
  int failures_since_recovery_ = 0;         // guarded by mutex_
  std::int64_t total_failures_ = 0;         // guarded by mutex_
  std::uint64_t sequence_ = 0;              // guarded by mutex_
};

}  // namespace mensajero::resilience
