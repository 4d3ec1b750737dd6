#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "monitoring/alert_notification.h"
#include "monitoring/alert_rule.h"

namespace mensajero::monitoring {

// Where one rule stands. Persisted (storage's alert state) so that another instance taking
// over the evaluation neither triggers again nor forgets to resolve.
struct AlertRuleState {
  enum class Phase { Inactive, Pending, Firing };
  std::string rule_name;
  Phase phase = Phase::Inactive;
  UnixMillis since = 0;             // the evaluation at which the condition started to hold
  std::string dedup_key;            // set while Firing
  UnixMillis last_notified_at = 0;  // the trigger or the latest repeat
};

const char* toString(AlertRuleState::Phase phase);  // "inactive" | "pending" | "firing"
std::optional<AlertRuleState::Phase> parseAlertPhase(std::string_view text);

// What one evaluation produced: the notifications to send (with the rule each is for) and
// the states that changed (to persist).
struct AlertEvaluation {
  struct Event {
    std::size_t rule = 0;  // index into the evaluator's rules
    AlertNotification notification;
  };
  std::vector<Event> events;
  std::vector<AlertRuleState> changed;
};

// Decides, from one observation of each rule's metric per evaluation, when a rule fires,
// repeats and resolves. Pure: no clock, no I/O; the caller passes the time. Not thread-safe.
//
// A rule whose condition holds becomes Pending at that evaluation (`since`); it fires (one
// Trigger) at the first evaluation at least `for` after `since` (at once without `for`),
// repeats every `repeat_ms` while it holds (never when 0), and resolves (one Resolve) at the
// first evaluation where it does not. No observation (nullopt: no requests, no finished
// messages) means it does not hold. A Pending rule that stops holding starts over.
class AlertEvaluator {
 public:
  struct Options {
    std::int64_t repeat_ms = 3'600'000;
    std::string source;  // AlertNotification::source
  };

  AlertEvaluator(std::vector<AlertRule> rules, Options options);

  const std::vector<AlertRule>& rules() const { return rules_; }
  const std::vector<AlertRuleState>& states() const { return states_; }

  // Replaces the states with stored ones (matched by rule name; others are ignored, rules
  // without one start Inactive).
  void restore(const std::vector<AlertRuleState>& stored);

  // `observations[i]` is rule i's metric value now (its size must be rules().size()).
  AlertEvaluation evaluate(const std::vector<std::optional<double>>& observations, UnixMillis now);

  // "mensajero/<rule slug>/<since>": stable for one firing, and the same on every instance,
  // so a notification sent twice across a failover carries one key.
  static std::string dedupKey(const std::string& rule_name, UnixMillis since);

 private:
  void step(std::size_t index, std::optional<double> observation, UnixMillis now,
            AlertEvaluation& out);
  AlertNotification notification(std::size_t index, AlertNotification::Kind kind,
                                 std::optional<double> value, UnixMillis now) const;

  std::vector<AlertRule> rules_;
  Options options_;
  std::vector<AlertRuleState> states_;  // one per rule, same order
};

}  // namespace mensajero::monitoring
