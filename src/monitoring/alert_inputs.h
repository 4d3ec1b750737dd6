#pragma once

#include <cstdint>
#include <optional>

#include "monitoring/alert_condition.h"

namespace mensajero::monitoring {

// The current value of each metric an alert rule can name. The seam between the evaluation
// (monitoring) and what the gateway measures (app's adapter over RequestMetrics, the breakers
// and the store); tests feed values of their own. Called from the alerting thread only.
class AlertInputs {
 public:
  virtual ~AlertInputs() = default;
  // The metric's value in its unit (AlertMetric), over `window_ms` where the metric takes a
  // window (message_delivery_rate); nullopt when there is no data (no requests in the window,
  // no finished messages, no channel instances) or it cannot be read now.
  virtual std::optional<double> read(AlertMetric metric, std::int64_t window_ms) = 0;
};

// The window a rule's metric is measured over: error_rate and webhook_response_time over the
// last minute (the gateway's sliding window); message_delivery_rate over the rule's `for`
// duration, or 5 minutes without one; circuit_breaker_state is a state (0). The Prometheus
// export uses the same windows.
std::int64_t alertWindowMs(const AlertCondition& condition);

}  // namespace mensajero::monitoring
