#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time_format.h"

namespace mensajero::storage {

// One alert rule's evaluation state (table alert_states, issue 12), kept so that the instance
// that takes the alert lease over continues where the last holder stopped.
struct AlertStateRecord {
  std::string rule_name;
  std::string phase = "inactive";  // inactive | pending | firing (monitoring::AlertRuleState)
  UnixMillis since = 0;            // when the condition started to hold
  std::string dedup_key;           // of the current firing; empty otherwise
  std::optional<UnixMillis> last_notified_at;
  UnixMillis updated_at = 0;
};

// Outbound messages that reached an outcome: the inputs of message_delivery_rate.
struct DeliveryOutcomeCounts {
  std::int64_t delivered = 0;  // delivered or read
  std::int64_t failed = 0;     // failed or rejected
};

}  // namespace mensajero::storage
