#pragma once

#include "monitoring/alert_notification.h"

namespace mensajero::notify::testing {

// The spec's "Circuit Breaker Opened" rule firing at 2026-01-01T00:00:00Z.
inline monitoring::AlertNotification breakerAlert(
    monitoring::AlertNotification::Kind kind = monitoring::AlertNotification::Kind::Trigger) {
  monitoring::AlertNotification n;
  n.kind = kind;
  n.rule_name = "Circuit Breaker Opened";
  n.severity = "high";
  n.condition = "circuit_breaker_state = 'OPEN'";
  n.metric = "circuit_breaker_state";
  n.value = 2;
  n.threshold = 2;
  n.since = 1'767'225'540'000;  // 23:59:00 the day before
  n.at = 1'767'225'600'000;
  n.dedup_key = "mensajero-circuit-breaker-opened-1767225540000";
  n.source = "gw-test";
  return n;
}

}  // namespace mensajero::notify::testing
