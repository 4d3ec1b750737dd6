#pragma once

#include <string>
#include <vector>

#include "monitoring/alert_condition.h"

namespace mensajero::monitoring {

// One configured alert rule (the spec's `alerts:` entry), its condition parsed.
struct AlertRule {
  std::string name;            // unique among the rules
  std::string condition_text;  // as configured
  AlertCondition condition;
  std::string severity;               // critical | high | medium | low
  std::vector<std::string> channels;  // slack | email | pagerduty | webhook
};

// The spec's four rules (architecture.md, "Alerting Rules"), exactly as written there: the
// set used when the config has no `alerts` key.
std::vector<AlertRule> defaultAlertRules();

}  // namespace mensajero::monitoring
