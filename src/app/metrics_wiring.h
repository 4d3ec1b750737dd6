#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "delivery/breaker_board.h"
#include "http/message.h"
#include "monitoring/metrics_registry.h"
#include "resilience/clock.h"
#include "storage/store.h"

// The gateway's side of GET /metrics (issue 12): what only app can see at once (the store, the
// breakers, the HTTP server's completions) turned into metric families.
namespace mensajero::app {

// Reads the store-derived gauges on a thread of its own every `interval` and keeps them, so a
// scrape serves the last values and never waits on a busy database or tenants' load:
// mensajero_outbox_depth, mensajero_outbox_oldest_due_age_seconds, mensajero_webhook_backlog,
// mensajero_store_gauges_refreshed_timestamp_seconds. It also refreshes the labels of the
// channel instances (monitoring::setInstanceLabels) and exports the breakers' states
// (mensajero_circuit_breaker_state). start() reads once before returning, so the first scrape
// has values. Thread-safe; the store, clock and board must outlive it.
class MetricsRefresher {
 public:
  MetricsRefresher(storage::Store& store, const resilience::Clock& clock,
                   delivery::BreakerBoard& breakers, std::chrono::milliseconds interval);
  ~MetricsRefresher();
  MetricsRefresher(const MetricsRefresher&) = delete;
  MetricsRefresher& operator=(const MetricsRefresher&) = delete;

  void start();
  void stop();

 private:
  void run();
  void refresh();

  storage::Store& store_;
  const resilience::Clock& clock_;
  delivery::BreakerBoard& breakers_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
  std::vector<monitoring::CollectorHandle> collectors_;
};

// Counts one completed HTTP request: mensajero_http_requests_total, its duration, 429s, and
// for a provider's webhook POST mensajero_webhook_response_seconds. Labels come from the
// router's pattern ("unmatched" when none) and the known providers, never from the path.
void recordHttpCompletion(const http::Request& request, const http::Response& response,
                          std::chrono::microseconds elapsed);

}  // namespace mensajero::app
