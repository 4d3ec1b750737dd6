#include "app/alert_inputs_adapter.h"

#include <utility>

#include <algorithm>

#include <spdlog/spdlog.h>

#include "delivery/breaker_board.h"
#include "http/message.h"
#include "storage/store.h"

namespace mensajero::app {
namespace {

double breakerCode(resilience::BreakerState state) {
  switch (state) {
    case resilience::BreakerState::Closed:
      return monitoring::kBreakerClosed;
    case resilience::BreakerState::HalfOpen:
      return monitoring::kBreakerHalfOpen;
    case resilience::BreakerState::Open:
    case resilience::BreakerState::Shutdown:
      return monitoring::kBreakerOpen;
  }
  return monitoring::kBreakerClosed;
}

}  // namespace

AlertInputsAdapter::AlertInputsAdapter(const monitoring::RequestMetrics& requests,
                                       const monitoring::RequestMetrics& webhooks,
                                       delivery::BreakerBoard& breakers, storage::Store& store,
                                       const resilience::Clock& clock)
    : requests_(requests), webhooks_(webhooks), breakers_(breakers), store_(store), clock_(clock) {}

std::optional<double> AlertInputsAdapter::read(monitoring::AlertMetric metric,
                                               std::int64_t window_ms) {
  switch (metric) {
    case monitoring::AlertMetric::ErrorRate: {
      const auto snapshot = requests_.snapshot();
      if (snapshot.requests_per_minute == 0) return std::nullopt;
      return snapshot.error_rate;
    }
    case monitoring::AlertMetric::WebhookResponseTime: {
      const auto snapshot = webhooks_.snapshot();
      if (snapshot.requests_per_minute == 0) return std::nullopt;
      return snapshot.average_response_ms;
    }
    case monitoring::AlertMetric::CircuitBreakerState:
      return worstBreakerState();
    case monitoring::AlertMetric::MessageDeliveryRate:
      return deliveryRate(window_ms);
  }
  return std::nullopt;
}

std::optional<double> AlertInputsAdapter::worstBreakerState() {
  auto channels = store_.listAllChannelInstances();
  if (!channels) {
    spdlog::warn("alerting: cannot list channel instances: {}", channels.error().message);
    return std::nullopt;
  }
  if (channels->empty()) return std::nullopt;
  double worst = monitoring::kBreakerClosed;
  for (const auto& channel : *channels) {
    worst = std::max(worst, breakerCode(breakers_.state(channel.id)));
  }
  return worst;
}

std::optional<double> AlertInputsAdapter::deliveryRate(std::int64_t window_ms) {
  auto counts = store_.countDeliveryOutcomes(clock_.now() - window_ms);
  if (!counts) {
    spdlog::warn("alerting: cannot count delivery outcomes: {}", counts.error().message);
    return std::nullopt;
  }
  const std::int64_t finished = counts->delivered + counts->failed;
  if (finished == 0) return std::nullopt;
  return static_cast<double>(counts->delivered) / static_cast<double>(finished);
}

CompletionHook recordWebhookTimes(CompletionHook next, monitoring::RequestMetrics& webhooks) {
  return [next = std::move(next), &webhooks](const http::Request& request,
                                             const http::Response& response,
                                             std::chrono::microseconds elapsed) {
    if (request.method == "POST" && request.path.starts_with("/api/v2/webhooks/")) {
      webhooks.record(response.status, elapsed.count());
    }
    if (next) next(request, response, elapsed);
  };
}

}  // namespace mensajero::app
