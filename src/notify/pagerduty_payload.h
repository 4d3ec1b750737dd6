#pragma once

#include <string>
#include <string_view>

#include "monitoring/alert_notification.h"

namespace mensajero::notify {

// PagerDuty's severity for a rule's: critical -> critical, high -> error, medium -> warning,
// low (and anything else) -> info.
std::string_view pagerDutySeverity(std::string_view rule_severity);

// The JSON body of an Events API v2 POST. A trigger or repeat is event_action "trigger" (a
// repeat with the same dedup_key adds to the open alert instead of opening another) with a
// payload {summary, source, severity, timestamp, component, group, class, custom_details}; a
// resolve carries routing_key, event_action "resolve" and dedup_key only. Bounded by
// PagerDuty's limits: summary 1024 characters, dedup_key 255.
std::string pagerDutyPayload(const monitoring::AlertNotification& notification,
                             std::string_view routing_key);

}  // namespace mensajero::notify
