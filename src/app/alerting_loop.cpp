#include "app/alerting_loop.h"

#include <utility>

#include <exception>
#include <map>

#include <spdlog/spdlog.h>

#include "storage/store.h"

namespace mensajero::app {
namespace {

using monitoring::AlertRuleState;

AlertRuleState fromRecord(const storage::AlertStateRecord& record) {
  AlertRuleState state;
  state.rule_name = record.rule_name;
  state.phase = monitoring::parseAlertPhase(record.phase).value_or(AlertRuleState::Phase::Inactive);
  state.since = record.since;
  state.dedup_key = record.dedup_key;
  state.last_notified_at = record.last_notified_at.value_or(0);
  return state;
}

storage::AlertStateRecord toRecord(const AlertRuleState& state, UnixMillis now) {
  storage::AlertStateRecord record;
  record.rule_name = state.rule_name;
  record.phase = monitoring::toString(state.phase);
  record.since = state.since;
  record.dedup_key = state.dedup_key;
  if (state.phase == AlertRuleState::Phase::Firing)
    record.last_notified_at = state.last_notified_at;
  record.updated_at = now;
  return record;
}

}  // namespace

AlertingLoop::AlertingLoop(storage::Store& store, const resilience::Clock& clock,
                           monitoring::AlertInputs& inputs,
                           std::vector<monitoring::AlertRule> rules, AlertNotifiers notifiers,
                           Options options)
    : store_(store),
      clock_(clock),
      inputs_(inputs),
      evaluator_(std::move(rules), {options.repeat.count(), options.owner}),
      notifiers_(std::move(notifiers)),
      options_(std::move(options)) {}

AlertingLoop::~AlertingLoop() { stop(); }

void AlertingLoop::start() {
  warnAboutMissingNotifiers();
  thread_ = std::thread([this] { loop(); });
}

void AlertingLoop::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (!thread_.joinable()) return;
  thread_.join();
  // Another instance takes over at once instead of after the lease expires.
  if (holder_) {
    if (auto released = store_.releaseAlertLease(kLeaseName, options_.owner); !released) {
      spdlog::warn("alerting: could not release the lease: {}", released.error().message);
    }
    holder_ = false;
  }
}

Status AlertingLoop::runOnce() {
  const UnixMillis now = clock_.now();
  auto held =
      store_.acquireAlertLease(kLeaseName, options_.owner, now, now + options_.lease.count());
  if (!held) {
    holder_ = false;  // states are read again once the lease is back
    return held.error();
  }
  if (!*held) {
    if (holder_) spdlog::info("alerting: another instance holds the lease now");
    holder_ = false;
    return {};
  }
  if (!holder_) {
    if (auto restored = restoreStates(); !restored) return restored;
    spdlog::info("alerting: {} evaluates the alert rules", options_.owner);
    holder_ = true;
  }
  std::vector<std::optional<double>> observations;
  observations.reserve(evaluator_.rules().size());
  for (const monitoring::AlertRule& rule : evaluator_.rules()) {
    observations.push_back(
        inputs_.read(rule.condition.metric, monitoring::alertWindowMs(rule.condition)));
  }
  const monitoring::AlertEvaluation evaluation = evaluator_.evaluate(observations, now);
  for (const auto& event : evaluation.events) notify(event);
  saveStates(evaluation.changed, now);
  return {};
}

Status AlertingLoop::restoreStates() {
  auto stored = store_.listAlertStates();
  if (!stored) return stored.error();
  std::vector<AlertRuleState> states;
  states.reserve(stored->size());
  for (const auto& record : *stored) states.push_back(fromRecord(record));
  evaluator_.restore(states);
  return {};
}

void AlertingLoop::notify(const monitoring::AlertEvaluation::Event& event) {
  const monitoring::AlertRule& rule = evaluator_.rules()[event.rule];
  const monitoring::AlertNotification& notification = event.notification;
  spdlog::warn("alert {} \"{}\" ({}): {} = {} ({})", monitoring::toString(notification.kind),
               rule.name, rule.severity, notification.metric, notification.value,
               rule.condition_text);
  for (const std::string& channel : rule.channels) {
    for (const auto& notifier : notifiers_) {
      if (notifier->channel() != channel) continue;
      if (auto delivered = notifier->deliver(notification); !delivered) {
        spdlog::error("alerting: {} notification of \"{}\" via {} failed: {}",
                      monitoring::toString(notification.kind), rule.name, channel,
                      delivered.error().message);
      }
    }
  }
}

void AlertingLoop::saveStates(const std::vector<AlertRuleState>& changed, UnixMillis now) {
  for (const AlertRuleState& state : changed) {
    if (auto saved = store_.saveAlertState(toRecord(state, now)); !saved) {
      // The next holder may then repeat a notification (with the same dedup key).
      spdlog::warn("alerting: could not store the state of \"{}\": {}", state.rule_name,
                   saved.error().message);
    }
  }
}

void AlertingLoop::warnAboutMissingNotifiers() const {
  std::map<std::string, std::string> missing;  // channel -> the rules naming it
  for (const monitoring::AlertRule& rule : evaluator_.rules()) {
    for (const std::string& channel : rule.channels) {
      bool found = false;
      for (const auto& notifier : notifiers_) found = found || notifier->channel() == channel;
      if (found) continue;
      std::string& rules = missing[channel];
      rules += (rules.empty() ? "\"" : ", \"") + rule.name + "\"";
    }
  }
  for (const auto& [channel, rules] : missing) {
    spdlog::warn("alerting: no {} notifier is configured; rules {} only log for it", channel,
                 rules);
  }
}

void AlertingLoop::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      if (auto ran = runOnce(); !ran) {
        spdlog::warn("alerting: evaluation skipped: {}", ran.error().message);
      }
    } catch (const std::exception& e) {
      // A notifier calls out over the network and reads answers: whatever it throws must not
      // end the process.
      spdlog::error("alerting: evaluation failed: {}", e.what());
    }
    lock.lock();
    // NOTE: the wait is on the steady clock; what is evaluated reads the injected clock, so
    // tests call runOnce() with a manual one.
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace mensajero::app
