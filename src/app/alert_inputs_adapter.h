#pragma once

#include <chrono>
#include <functional>

#include "monitoring/alert_inputs.h"
#include "monitoring/request_metrics.h"
#include "resilience/clock.h"

namespace mensajero::delivery {
class BreakerBoard;
}
namespace mensajero::storage {
class Store;
}
namespace mensajero::http {
struct Request;
struct Response;
}  // namespace mensajero::http

namespace mensajero::app {

// The alert rules' metrics from what the gateway measures (issue 12):
//   error_rate            share of the last minute's HTTP requests answered 5xx (`requests`)
//   webhook_response_time average time to answer a webhook POST over the last minute
//                         (`webhooks`, fed by recordWebhookTimes)
//   circuit_breaker_state worst breaker state over the deployment's channel instances as this
//                         instance's BreakerBoard sees them (a shut-down breaker reads OPEN)
//   message_delivery_rate delivered / (delivered + failed) of the outbound messages of every
//                         organization created within the window (Store::countDeliveryOutcomes)
// All references must outlive it. Called from the alerting thread.
class AlertInputsAdapter final : public monitoring::AlertInputs {
 public:
  AlertInputsAdapter(const monitoring::RequestMetrics& requests,
                     const monitoring::RequestMetrics& webhooks, delivery::BreakerBoard& breakers,
                     storage::Store& store, const resilience::Clock& clock);

  std::optional<double> read(monitoring::AlertMetric metric, std::int64_t window_ms) override;

 private:
  std::optional<double> worstBreakerState();
  std::optional<double> deliveryRate(std::int64_t window_ms);

  const monitoring::RequestMetrics& requests_;
  const monitoring::RequestMetrics& webhooks_;
  delivery::BreakerBoard& breakers_;
  storage::Store& store_;
  const resilience::Clock& clock_;
};

// Wraps the server's completion hook so that every POST to a webhook route
// (/api/v2/webhooks/...) is also recorded in `webhooks`, then calls `next` (when set).
using CompletionHook =
    std::function<void(const http::Request&, const http::Response&, std::chrono::microseconds)>;
CompletionHook recordWebhookTimes(CompletionHook next, monitoring::RequestMetrics& webhooks);

}  // namespace mensajero::app
