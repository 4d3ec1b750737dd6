#include "resilience/circuit_breaker.h"

#include <utility>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace mensajero::resilience {

std::string_view toString(BreakerState state) {
  switch (state) {
    case BreakerState::Closed:
      return "CLOSED";
    case BreakerState::Open:
      return "OPEN";
    case BreakerState::HalfOpen:
      return "HALF_OPEN";
    case BreakerState::Shutdown:
      return "SHUTDOWN";
  }
  return "UNKNOWN";
}

namespace {

const CircuitBreakerConfig& validated(const CircuitBreakerConfig& config) {
  if (config.failure_threshold < 1 || config.half_open_max_calls < 1 ||
      config.emergency_shutdown_threshold < 1) {
    throw std::invalid_argument("circuit breaker thresholds and trial count must be >= 1");
  }
  if (config.recovery_timeout.count() < 0 || config.monitoring_window.count() < 0) {
    throw std::invalid_argument("circuit breaker durations must not be negative");
  }
  return config;
}

}  // namespace

CircuitBreaker::CircuitBreaker(std::string name, CircuitBreakerConfig config, const Clock& clock,
                               TransitionCallback on_transition)
    : name_(std::move(name)),
      config_(validated(config)),
      clock_(clock),
      on_transition_(std::move(on_transition)) {}

Permit CircuitBreaker::tryAcquire() {
  const std::int64_t now = clock_.monotonicMillis();
  std::optional<BreakerTransition> transition;
  Permit permit;
  {
    std::lock_guard lock(mutex_);
    permit.state = state_;
    switch (state_) {
      case BreakerState::Closed:
        permit.admitted = true;
        break;
      case BreakerState::Open: {
        const std::chrono::milliseconds remaining = openRemaining(now);
        if (remaining.count() > 0) {
          permit.retry_after = remaining;
          break;
        }
        // Lazy transition: no timer thread; the first caller after the wait is the trial.
        transition = moveTo(BreakerState::HalfOpen, "recovery timeout elapsed", now);
        trials_admitted_ = 1;
        permit.state = BreakerState::HalfOpen;
        permit.admitted = true;
        break;
      }
      case BreakerState::HalfOpen:
        if (trials_admitted_ < config_.half_open_max_calls) {
          ++trials_admitted_;
          permit.admitted = true;
        }
        break;
      case BreakerState::Shutdown:
        break;
    }
  }
  report(transition);
  return permit;
}

void CircuitBreaker::onSuccess() {
  const std::int64_t now = clock_.monotonicMillis();
  std::optional<BreakerTransition> transition;
  {
    std::lock_guard lock(mutex_);
    switch (state_) {
      case BreakerState::Closed:
        // The provider answered, so earlier failures were not one long outage.
        failures_since_recovery_ = 0;
        break;
      case BreakerState::HalfOpen:
        if (trials_succeeded_ >= trials_admitted_) break;  // no trial outstanding
        ++trials_succeeded_;
        if (trials_succeeded_ >= config_.half_open_max_calls) {
          transition = moveTo(BreakerState::Closed,
                              std::to_string(trials_succeeded_) + " trial calls succeeded", now);
        }
        break;
      case BreakerState::Open:
      case BreakerState::Shutdown:
        break;  // a late answer to a call admitted earlier proves too little to act on
    }
  }
  report(transition);
}

void CircuitBreaker::onFailure(std::string detail) {
  const std::int64_t now = clock_.monotonicMillis();
  std::optional<BreakerTransition> transition;
  {
    std::lock_guard lock(mutex_);
    ++total_failures_;
    if (state_ == BreakerState::Shutdown) return;
    ++failures_since_recovery_;
    // Kept in every state so failuresInWindow() stays truthful; only Closed acts on it.
    failure_times_.push_back(now);
    pruneWindow(now);
    if (failures_since_recovery_ >= config_.emergency_shutdown_threshold) {
      transition = moveTo(BreakerState::Shutdown, std::move(detail), now);
    } else if (state_ == BreakerState::HalfOpen ||
               (state_ == BreakerState::Closed &&
                static_cast<int>(failure_times_.size()) >= config_.failure_threshold)) {
      // Reopening from HalfOpen restarts the recovery timer.
      opened_at_ = now;
      transition = moveTo(BreakerState::Open, std::move(detail), now);
    }
  }
  report(transition);
}

void CircuitBreaker::onIgnored() {
  std::lock_guard lock(mutex_);
  // Only a half-open trial holds anything to release; elsewhere there is nothing to undo.
  if (state_ == BreakerState::HalfOpen && trials_admitted_ > trials_succeeded_) {
    --trials_admitted_;
  }
}

void CircuitBreaker::reset() {
  const std::int64_t now = clock_.monotonicMillis();
  std::optional<BreakerTransition> transition;
  {
    std::lock_guard lock(mutex_);
    if (state_ != BreakerState::Closed) {
      transition = moveTo(BreakerState::Closed, "reset by operator", now);
    }
    failure_times_.clear();
    failures_since_recovery_ = 0;
  }
  report(transition);
}

BreakerState CircuitBreaker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

int CircuitBreaker::failuresInWindow() const {
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  const std::int64_t oldest_kept = now - config_.monitoring_window.count();
  return static_cast<int>(std::count_if(failure_times_.begin(), failure_times_.end(),
                                        [&](std::int64_t at) { return at > oldest_kept; }));
}

int CircuitBreaker::failuresSinceRecovery() const {
  std::lock_guard lock(mutex_);
  return failures_since_recovery_;
}

std::int64_t CircuitBreaker::totalFailures() const {
  std::lock_guard lock(mutex_);
  return total_failures_;
}

std::optional<std::chrono::milliseconds> CircuitBreaker::retryAfter() const {
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  if (state_ != BreakerState::Open) return std::nullopt;
  return openRemaining(now);
}

int CircuitBreaker::admissibleCalls() const {
  const std::int64_t now = clock_.monotonicMillis();
  std::lock_guard lock(mutex_);
  switch (state_) {
    case BreakerState::Closed:
      return std::numeric_limits<int>::max();
    case BreakerState::Open:
      return openRemaining(now).count() > 0 ? 0 : config_.half_open_max_calls;
    case BreakerState::HalfOpen:
      return std::max(0, config_.half_open_max_calls - trials_admitted_);
    case BreakerState::Shutdown:
      return 0;
  }
  return 0;
}

BreakerTransition CircuitBreaker::moveTo(BreakerState to, std::string detail, std::int64_t now) {
  const BreakerState from = state_;
  state_ = to;
  trials_admitted_ = 0;
  trials_succeeded_ = 0;
  if (to == BreakerState::Closed) {
    // A closed breaker starts from a clean slate: the outage is over, and failures from it
    // must not count towards reopening.
    failure_times_.clear();
    failures_since_recovery_ = 0;
  }
  pruneWindow(now);
  BreakerTransition transition;
  transition.name = name_;
  transition.from = from;
  transition.to = to;
  transition.failures_in_window = static_cast<int>(failure_times_.size());
  transition.failures_since_recovery = failures_since_recovery_;
  transition.detail = std::move(detail);
  transition.at = clock_.now();
  transition.sequence = ++sequence_;
  return transition;
}

void CircuitBreaker::pruneWindow(std::int64_t now) {
  // The window is (now - monitoring_window, now]: a failure exactly one window old has left.
  const std::int64_t oldest_kept = now - config_.monitoring_window.count();
  while (!failure_times_.empty() && failure_times_.front() <= oldest_kept) {
    failure_times_.pop_front();
  }
}

std::chrono::milliseconds CircuitBreaker::openRemaining(std::int64_t now) const {
  const std::int64_t due = opened_at_ + config_.recovery_timeout.count();
  return std::chrono::milliseconds(std::max<std::int64_t>(0, due - now));
}

void CircuitBreaker::report(const std::optional<BreakerTransition>& transition) const {
  if (transition && on_transition_) on_transition_(*transition);
}

}  // namespace mensajero::resilience
