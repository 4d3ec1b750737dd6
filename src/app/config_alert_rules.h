#pragma once

// Private to app/config*.cpp: the `alerts` section of the config file (issue 12).

#include <vector>

#include "app/config_yaml.h"
#include "monitoring/alert_rule.h"

namespace mensajero::app::detail {

inline constexpr std::size_t kMaxAlertRules = 50;
inline constexpr std::size_t kMaxAlertNameBytes = 100;

// Reads and validates the spec's `alerts` sequence (null gives none: alerting off): each
// rule's name (1..100 bytes of printable UTF-8, unique), condition (parsed:
// monitoring/alert_condition.h), severity (critical | high | medium | low) and channels (one
// or more of slack, email, pagerduty, webhook, no repeats); at most 50 rules. Throws
// ConfigError naming the offending key; a condition that does not parse names the rule and
// the position, e.g. `alerts[2].condition: rule "Webhook Processing Slow": position 29:
// expected a unit (ms, s) after 2000`.
std::vector<monitoring::AlertRule> readAlertRules(const YAML::Node& node,
                                                  const Environment& environment);

}  // namespace mensajero::app::detail
