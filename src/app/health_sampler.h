#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "monitoring/health.h"
#include "monitoring/request_metrics.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::app {

// The rows of one sample of system_health_metrics, taken at `at` by gateway instance
// `instance_id`: per service of the report, its status (0 healthy, 1 degraded, 2 unhealthy)
// and response_time (ms); for the service "gateway", the HTTP requests' throughput (per
// minute), error_rate (share of 5xx) and response_time (average ms) over the last minute.
// The metadata names the instance only: no organization, no PHI.
std::vector<storage::HealthSampleRecord> healthSampleRows(
    const monitoring::HealthReport& report, const monitoring::RequestMetrics::Snapshot& requests,
    UnixMillis at, const std::string& instance_id);

// Samples the gateway's health into system_health_metrics every `interval` and deletes the
// samples older than `retention_days` (health.sample_interval_seconds, health.retention_days),
// the first time one interval after start().
// Timestamps and the retention cutoff read the injected clock; the thread waits on the steady
// clock (tests call sampleNow() and pruneNow() with a manual one). A failing store is logged
// and the next round tries again. All references must outlive it; stop() or destruction ends
// the thread.
class HealthSampler {
 public:
  struct Options {
    std::string instance_id;
    std::chrono::seconds interval{60};
    int retention_days = 30;
  };

  HealthSampler(storage::Store& store, monitoring::HealthService& health,
                const monitoring::RequestMetrics& requests, const resilience::Clock& clock,
                Options options);
  ~HealthSampler();
  HealthSampler(const HealthSampler&) = delete;
  HealthSampler& operator=(const HealthSampler&) = delete;

  void start();
  void stop();  // idempotent
  // One sample now, on the caller's thread (it waits for a health report, at most the
  // HealthService's budget): how many rows were written, or the store's error.
  Result<int> sampleNow();
  // Deletes the samples past retention now: how many.
  Result<int> pruneNow();

 private:
  void loop();

  storage::Store& store_;
  monitoring::HealthService& health_;
  const monitoring::RequestMetrics& requests_;
  const resilience::Clock& clock_;
  const Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::app
