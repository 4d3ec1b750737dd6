#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "common/time_format.h"

namespace mensajero::monitoring {

// What an alert rule's evaluation tells the people on call. Built from the rule and the
// gateway's own aggregates only: never a phone number, a message body, an organization's
// name or a message id (notifications leave the deployment).
struct AlertNotification {
  enum class Kind { Trigger, Repeat, Resolve };

  Kind kind = Kind::Trigger;
  std::string rule_name;  // the configured name, e.g. "High Error Rate"
  std::string severity;   // critical | high | medium | low
  std::string condition;  // the rule's condition text, e.g. "error_rate > 5% for 5 minutes"
  std::string metric;     // the metric the condition names, e.g. "error_rate"
  double value = 0;       // the metric's value at this evaluation
  double threshold = 0;   // the condition's value in the metric's unit (5% -> 0.05)
  UnixMillis since = 0;   // when the condition started to hold
  UnixMillis at = 0;      // this evaluation
  // Stable for one firing of one rule, from its trigger to its resolve (PagerDuty's
  // dedup_key); a new firing after a resolve gets a new key.
  std::string dedup_key;
  std::string source;  // the deployment's name for itself (the instance id)
};

const char* toString(AlertNotification::Kind kind);  // "trigger" | "repeat" | "resolve"

// One way of telling people: Slack, email, PagerDuty, a signed webhook. `channel()` is the
// name a rule's `channels` list uses. deliver() may block (it calls out over the network)
// and is called from the alerting thread only; it returns after its own retries.
class AlertNotifier {
 public:
  virtual ~AlertNotifier() = default;
  virtual std::string_view channel() const = 0;
  virtual Status deliver(const AlertNotification& notification) = 0;
};

}  // namespace mensajero::monitoring
