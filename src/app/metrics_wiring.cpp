#include "app/metrics_wiring.h"

#include <algorithm>
#include <string>

#include <spdlog/spdlog.h>

#include "app/providers.h"
#include "core/domain/channel_type.h"
#include "monitoring/gateway_metrics.h"
#include "monitoring/process_metrics.h"

namespace mensajero::app {
namespace {

using monitoring::FamilySnapshot;
using monitoring::MetricType;

struct StoreGauges {
  monitoring::Gauge& outbox_depth;
  monitoring::Gauge& oldest_due_age;
  monitoring::Gauge& webhook_backlog;
  monitoring::Gauge& refreshed_at;
  monitoring::Counter& refresh_failures;
};

StoreGauges& storeGauges() {
  auto& r = monitoring::defaultRegistry();
  static StoreGauges gauges{
      r.gauge("mensajero_outbox_depth", "Outbound messages pending delivery (all instances).")
          .with({}),
      r.gauge("mensajero_outbox_oldest_due_age_seconds",
              "How long the oldest pending message has been due (0 when none is due).")
          .with({}),
      r.gauge("mensajero_webhook_backlog", "Stored webhooks not yet processed.").with({}),
      r.gauge("mensajero_store_gauges_refreshed_timestamp_seconds",
              "When the store-derived gauges were last read successfully (Unix time).")
          .with({}),
      r.counter("mensajero_store_gauges_refresh_failures_total",
                "Background reads of the store-derived gauges that failed.")
          .with({}),
  };
  return gauges;
}

// The numbers the spec's circuit_breaker_state alert compares: 0 closed, 1 half-open, 2 open,
// 3 shut down.
double stateValue(resilience::BreakerState state) {
  switch (state) {
    case resilience::BreakerState::Closed:
      return 0;
    case resilience::BreakerState::HalfOpen:
      return 1;
    case resilience::BreakerState::Open:
      return 2;
    case resilience::BreakerState::Shutdown:
      return 3;
  }
  return 0;
}

// The provider a webhook route names: its {provider} segment when this build has that
// provider, else the provider of an alias path (/api/v2/webhooks/whatsapp/... is Meta's).
std::string webhookProvider(const http::Request& request) {
  if (auto named = request.path_params.find("provider"); named != request.path_params.end()) {
    return builtInProviders().find(named->second) != nullptr ? named->second : "unknown";
  }
  if (request.route == "/api/v2/webhooks/whatsapp/{organizationId}") return "meta";
  return "unknown";
}

}  // namespace

MetricsRefresher::MetricsRefresher(storage::Store& store, const resilience::Clock& clock,
                                   delivery::BreakerBoard& breakers,
                                   std::chrono::milliseconds interval)
    : store_(store), clock_(clock), breakers_(breakers), interval_(interval) {}

MetricsRefresher::~MetricsRefresher() { stop(); }

void MetricsRefresher::start() {
  monitoring::gatewayMetrics();  // every family exposed from the first scrape
  storeGauges();
  collectors_.push_back(monitoring::addProcessCollector(monitoring::defaultRegistry()));
  collectors_.push_back(monitoring::defaultRegistry().addCollector([this] {
    FamilySnapshot family{"mensajero_circuit_breaker_state",
                          "Circuit breaker state per channel instance: 0 closed, 1 half-open, "
                          "2 open, 3 shut down (emergency).",
                          MetricType::Gauge,
                          {"instance_id", "channel_type", "provider"},
                          {}};
    for (const auto& [instance_id, state] : breakers_.states()) {
      const monitoring::InstanceLabels labels = monitoring::instanceLabels(instance_id);
      family.samples.push_back(
          {{instance_id, labels.channel_type, labels.provider}, stateValue(state), {}});
    }
    return std::vector<FamilySnapshot>{std::move(family)};
  }));
  refresh();
  thread_ = std::thread([this] { run(); });
}

void MetricsRefresher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  collectors_.clear();
}

void MetricsRefresher::run() {
  std::unique_lock lock(mutex_);
  // Pacing, not synchronisation: the gauges are read again every interval.
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    refresh();
    lock.lock();
  }
}

void MetricsRefresher::refresh() {
  StoreGauges& gauges = storeGauges();
  if (auto instances = store_.listAllChannelInstances(); instances) {
    for (const auto& instance : *instances) {
      monitoring::setInstanceLabels(
          instance.id, {std::string(domain::toText(instance.channel_type)), instance.provider});
    }
  }
  auto stats = store_.stats();
  if (!stats) {
    // The last values stay; the failure count and the refresh timestamp tell they are stale.
    gauges.refresh_failures.inc();
    spdlog::debug("metrics: reading the store's gauges failed: {}", stats.error().message);
    return;
  }
  const UnixMillis now = clock_.now();
  gauges.outbox_depth.set(static_cast<double>(stats->outbound_pending));
  gauges.webhook_backlog.set(static_cast<double>(stats->webhooks_unprocessed));
  const UnixMillis earliest = stats->earliest_pending_attempt_at.value_or(now);
  gauges.oldest_due_age.set(static_cast<double>(std::max<UnixMillis>(0, now - earliest)) / 1000);
  gauges.refreshed_at.set(static_cast<double>(now) / 1000);
}

void recordHttpCompletion(const http::Request& request, const http::Response& response,
                          std::chrono::microseconds elapsed) {
  auto& metrics = monitoring::gatewayMetrics();
  const std::string route = request.route.empty() ? "unmatched" : request.route;
  // The method is bounded too: a method no route knows reads "other".
  static constexpr std::string_view kMethods[] = {"GET",    "POST",    "PUT", "PATCH",
                                                  "DELETE", "OPTIONS", "HEAD"};
  const bool known =
      std::find(std::begin(kMethods), std::end(kMethods), request.method) != std::end(kMethods);
  const std::string method = known ? request.method : "other";
  const double seconds = static_cast<double>(elapsed.count()) / 1e6;
  metrics.http_requests.with({route, method, monitoring::statusClass(response.status)}).inc();
  metrics.http_duration.with({route, method}).observe(seconds);
  if (response.status == 429) metrics.http_rate_limited.with({route}).inc();
  if (method == "POST" && route.starts_with("/api/v2/webhooks/")) {
    metrics.webhook_response.with({webhookProvider(request)}).observe(seconds);
  }
}

}  // namespace mensajero::app
