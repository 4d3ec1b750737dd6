#include "monitoring/alert_evaluator.h"

#include <utility>

namespace mensajero::monitoring {

const char* toString(AlertRuleState::Phase phase) {
  switch (phase) {
    case AlertRuleState::Phase::Inactive:
      return "inactive";
    case AlertRuleState::Phase::Pending:
      return "pending";
    case AlertRuleState::Phase::Firing:
      return "firing";
  }
  return "inactive";
}

std::optional<AlertRuleState::Phase> parseAlertPhase(std::string_view text) {
  for (auto phase : {AlertRuleState::Phase::Inactive, AlertRuleState::Phase::Pending,
                     AlertRuleState::Phase::Firing}) {
    if (text == toString(phase)) return phase;
  }
  return std::nullopt;
}

namespace {

AlertRuleState inactive(const std::string& rule_name) {
  AlertRuleState state;
  state.rule_name = rule_name;
  return state;
}

}  // namespace

AlertEvaluator::AlertEvaluator(std::vector<AlertRule> rules, Options options)
    : rules_(std::move(rules)), options_(std::move(options)) {
  states_.reserve(rules_.size());
  for (const AlertRule& rule : rules_) states_.push_back(inactive(rule.name));
}

void AlertEvaluator::restore(const std::vector<AlertRuleState>& stored) {
  for (AlertRuleState& state : states_) {
    state = inactive(state.rule_name);
    for (const AlertRuleState& saved : stored) {
      if (saved.rule_name == state.rule_name) state = saved;
    }
  }
}

std::string AlertEvaluator::dedupKey(const std::string& rule_name, UnixMillis since) {
  std::string slug;
  for (char c : rule_name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (keep) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 64) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return "mensajero/" + slug + "/" + std::to_string(since);
}

AlertEvaluation AlertEvaluator::evaluate(const std::vector<std::optional<double>>& observations,
                                         UnixMillis now) {
  AlertEvaluation out;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    step(i, i < observations.size() ? observations[i] : std::nullopt, now, out);
  }
  return out;
}

void AlertEvaluator::step(std::size_t index, std::optional<double> observation, UnixMillis now,
                          AlertEvaluation& out) {
  using Phase = AlertRuleState::Phase;
  AlertRuleState& state = states_[index];
  const AlertCondition& condition = rules_[index].condition;
  const bool holds = observation && conditionHolds(condition, *observation);
  if (!holds) {
    if (state.phase == Phase::Inactive) return;
    if (state.phase == Phase::Firing) {
      out.events.push_back(
          {index, notification(index, AlertNotification::Kind::Resolve, observation, now)});
    }
    state = inactive(state.rule_name);
    out.changed.push_back(state);
    return;
  }
  bool changed = false;
  if (state.phase == Phase::Inactive) {
    state.phase = Phase::Pending;
    state.since = now;
    changed = true;
  }
  if (state.phase == Phase::Pending && now - state.since >= condition.for_ms) {
    state.phase = Phase::Firing;
    state.dedup_key = dedupKey(state.rule_name, state.since);
    state.last_notified_at = now;
    out.events.push_back(
        {index, notification(index, AlertNotification::Kind::Trigger, observation, now)});
    changed = true;
  } else if (state.phase == Phase::Firing && options_.repeat_ms > 0 &&
             now - state.last_notified_at >= options_.repeat_ms) {
    state.last_notified_at = now;
    out.events.push_back(
        {index, notification(index, AlertNotification::Kind::Repeat, observation, now)});
    changed = true;
  }
  if (changed) out.changed.push_back(state);
}

AlertNotification AlertEvaluator::notification(std::size_t index, AlertNotification::Kind kind,
                                               std::optional<double> value, UnixMillis now) const {
  const AlertRule& rule = rules_[index];
  const AlertRuleState& state = states_[index];
  AlertNotification notification;
  notification.kind = kind;
  notification.rule_name = rule.name;
  notification.severity = rule.severity;
  notification.condition = rule.condition_text;
  notification.metric = std::string(toString(rule.condition.metric));
  notification.value = value.value_or(0);
  notification.threshold = rule.condition.threshold;
  notification.since = state.since;
  notification.at = now;
  notification.dedup_key = state.dedup_key;
  notification.source = options_.source;
  return notification;
}

}  // namespace mensajero::monitoring
