#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "monitoring/alert_evaluator.h"
#include "monitoring/alert_inputs.h"
#include "monitoring/alert_notification.h"
#include "resilience/clock.h"

namespace mensajero::storage {
class Store;
}

namespace mensajero::app {

using AlertNotifiers = std::vector<std::unique_ptr<monitoring::AlertNotifier>>;

// Evaluates the alert rules every interval and tells the rules' channels (issue 12). With
// several instances on one database, only the holder of the database lease "alerting"
// evaluates and notifies, so each alert is sent once, not once per instance; the rules'
// states are stored, so the instance that takes the lease over after a failover neither
// triggers again nor forgets to resolve.
//
// Each evaluation (runOnce): take or renew the lease (until now + lease); when newly taken,
// load the stored states; read each rule's metric; evaluate; deliver each notification to the
// notifiers named by the rule's channels (a channel without a notifier is skipped; start()
// warns about it once); then store the changed states. Notifying before storing means a crash
// in between sends again rather than never, with the same dedup key (it derives from the
// stored `since`).
//
// runOnce() runs on the caller's thread (tests); start() runs it every interval on a thread
// of its own until stop() (or destruction), which also gives the lease up. `store`, `clock`
// and `inputs` must outlive it.
class AlertingLoop {
 public:
  struct Options {
    std::string owner;  // this instance's id, the lease's owner and notifications' source
    std::chrono::milliseconds interval{15'000};
    std::chrono::milliseconds lease{30'000};
    std::chrono::milliseconds repeat{3'600'000};  // 0: never repeat
  };

  static constexpr const char* kLeaseName = "alerting";

  AlertingLoop(storage::Store& store, const resilience::Clock& clock,
               monitoring::AlertInputs& inputs, std::vector<monitoring::AlertRule> rules,
               AlertNotifiers notifiers, Options options);
  ~AlertingLoop();
  AlertingLoop(const AlertingLoop&) = delete;
  AlertingLoop& operator=(const AlertingLoop&) = delete;

  void start();
  void stop();

  // One evaluation now. Ok when it ran or this instance does not hold the lease; the store's
  // error when the lease or the states could not be read (nothing is sent then).
  Status runOnce();
  bool holdsLease() const { return holder_; }

 private:
  void loop();
  Status restoreStates();
  void notify(const monitoring::AlertEvaluation::Event& event);
  void saveStates(const std::vector<monitoring::AlertRuleState>& changed, UnixMillis now);
  void warnAboutMissingNotifiers() const;

  storage::Store& store_;
  const resilience::Clock& clock_;
  monitoring::AlertInputs& inputs_;
  monitoring::AlertEvaluator evaluator_;
  AlertNotifiers notifiers_;
  const Options options_;
  bool holder_ = false;  // only the evaluating thread touches it

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::app
