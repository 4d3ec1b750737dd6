#include "monitoring/gateway_metrics.h"

#include <chrono>
#include <map>
#include <mutex>

namespace mensajero::monitoring {
namespace {

GatewayMetrics makeMetrics(MetricsRegistry& r) {
  return GatewayMetrics{
      r.counter("mensajero_http_requests_total",
                "HTTP requests answered, by the router's route pattern (unmatched for none), "
                "method and status class.",
                {"route", "method", "status_class"}),
      r.histogram("mensajero_http_request_duration_seconds",
                  "Time from the request's arrival to its answer, by route pattern and method.",
                  {"route", "method"}),
      r.histogram("mensajero_webhook_response_seconds",
                  "Time to answer a provider's webhook POST, by provider.", {"provider"}),
      r.counter("mensajero_http_rate_limited_total",
                "Requests answered 429 (key quota, organization concurrency, blocked source), by "
                "route pattern.",
                {"route"}),
      r.counter("mensajero_webhooks_received_total",
                "Webhook POSTs received for a known organization and provider.", {"provider"}),
      r.counter("mensajero_webhooks_verified_total", "Webhook POSTs whose signature verified.",
                {"provider"}),
      r.counter("mensajero_webhooks_rejected_total",
                "Webhook POSTs refused before storing (bad signature, bad body), by reason.",
                {"provider", "reason"}),
      r.counter("mensajero_webhooks_duplicate_total",
                "Webhook deliveries already stored (same payload), acknowledged again.",
                {"provider"}),
      r.counter("mensajero_webhooks_stored_total", "Webhook deliveries made durable.",
                {"provider"}),
      r.counter("mensajero_webhooks_processed_total",
                "Stored webhooks parsed and applied by the processor, by result.",
                {"provider", "result"}),
      r.histogram("mensajero_webhook_ingest_to_applied_seconds",
                  "Time from a webhook's arrival to its events being applied, by provider.",
                  {"provider"}, {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}),
      r.counter("mensajero_messages_total",
                "Outbound message transitions, counted once when applied: accepted, sent, "
                "delivered, read, failed.",
                {"channel_type", "provider", "status"}),
      r.counter("mensajero_delivery_attempts_total",
                "Delivery attempts by outcome (sent, retry, failed, deferred).",
                {"channel_type", "provider", "outcome"}),
      r.counter("mensajero_fallbacks_total", "Messages moved to the next channel of their plan.",
                {"from_channel_type", "to_channel_type"}),
      r.counter("mensajero_circuit_breaker_transitions_total",
                "Circuit breaker transitions per channel instance, by the state entered.",
                {"instance_id", "channel_type", "provider", "to_state"}),
      r.counter("mensajero_rate_limit_deferrals_total",
                "Delivery attempts held back by the provider-side rate limits, by reason.",
                {"reason"}),
      r.histogram(
          "mensajero_db_call_duration_seconds",
          "Database call latency by store backend and call kind.", {"backend", "kind"},
          {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}),
      r.counter("mensajero_db_call_errors_total",
                "Database calls that failed, by store backend and call kind.", {"backend", "kind"}),
  };
}

std::mutex labels_mutex;
std::map<std::string, InstanceLabels, std::less<>>& labelsByInstance() {
  static auto* labels = new std::map<std::string, InstanceLabels, std::less<>>();
  return *labels;
}

}  // namespace

GatewayMetrics& gatewayMetrics() {
  static GatewayMetrics* metrics = new GatewayMetrics(makeMetrics(defaultRegistry()));
  return *metrics;
}

std::string statusClass(unsigned status) {
  if (status < 100 || status > 599) return "other";
  return std::to_string(status / 100) + "xx";
}

void setInstanceLabels(std::string instance_id, InstanceLabels labels) {
  std::lock_guard lock(labels_mutex);
  auto& map = labelsByInstance();
  // Bounded like a family: a deployment with more instances than this reads "unknown" labels
  // for the rest rather than growing without end.
  if (map.size() >= 4 * kDefaultMaxSeries && !map.contains(instance_id)) return;
  map[std::move(instance_id)] = std::move(labels);
}

InstanceLabels instanceLabels(std::string_view instance_id) {
  std::lock_guard lock(labels_mutex);
  const auto& map = labelsByInstance();
  if (auto found = map.find(instance_id); found != map.end()) return found->second;
  return {};
}

DbCallMetrics dbCallMetrics(std::string_view backend, std::string_view kind) {
  GatewayMetrics& metrics = gatewayMetrics();
  const LabelValues labels{std::string(backend), std::string(kind)};
  return {metrics.db_call_duration.with(labels), metrics.db_call_errors.with(labels)};
}

void recordDbCall(const DbCallMetrics& metrics, std::int64_t steady_start_micros, bool ok) {
  metrics.duration.observe(secondsSince(steady_start_micros));
  if (!ok) metrics.errors.inc();
}

std::int64_t steadyMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double secondsSince(std::int64_t steady_start_micros) {
  return static_cast<double>(steadyMicros() - steady_start_micros) / 1e6;
}

}  // namespace mensajero::monitoring
