#include "app/health_sampler.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace mensajero::app {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

double statusValue(monitoring::HealthState state) {
  switch (state) {
    case monitoring::HealthState::Healthy:
      return 0;
    case monitoring::HealthState::Degraded:
      return 1;
    case monitoring::HealthState::Unhealthy:
      return 2;
  }
  return 2;
}

}  // namespace

std::vector<storage::HealthSampleRecord> healthSampleRows(
    const monitoring::HealthReport& report, const monitoring::RequestMetrics::Snapshot& requests,
    UnixMillis at, const std::string& instance_id) {
  const std::string metadata = nlohmann::json{{"instance_id", instance_id}}.dump();
  std::vector<storage::HealthSampleRecord> rows;
  for (const auto& service : report.services) {
    rows.push_back({service.name, "status", statusValue(service.state), at, metadata});
    rows.push_back({service.name, "response_time", service.response_ms, at, metadata});
  }
  rows.push_back(
      {"gateway", "throughput", static_cast<double>(requests.requests_per_minute), at, metadata});
  rows.push_back({"gateway", "error_rate", requests.error_rate, at, metadata});
  rows.push_back({"gateway", "response_time", requests.average_response_ms, at, metadata});
  return rows;
}

HealthSampler::HealthSampler(storage::Store& store, monitoring::HealthService& health,
                             const monitoring::RequestMetrics& requests,
                             const resilience::Clock& clock, Options options)
    : store_(store),
      health_(health),
      requests_(requests),
      clock_(clock),
      options_(std::move(options)) {}

HealthSampler::~HealthSampler() { stop(); }

void HealthSampler::start() {
  thread_ = std::thread([this] { loop(); });
}

void HealthSampler::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

Result<int> HealthSampler::sampleNow() {
  const monitoring::HealthReport report = health_.run();
  auto rows = healthSampleRows(report, requests_.snapshot(), clock_.now(), options_.instance_id);
  if (Status stored = store_.insertHealthSamples(rows); !stored) return stored.error();
  return static_cast<int>(rows.size());
}

Result<int> HealthSampler::pruneNow() {
  return store_.pruneHealthSamplesBefore(clock_.now() - options_.retention_days * kDayMs);
}

void HealthSampler::loop() {
  std::unique_lock lock(mutex_);
  // The first sample comes one interval after start: a report at start would make the
  // provider probes' verdicts, cached for health.whatsapp_check_interval_seconds, older than
  // the first health request expects.
  while (!wake_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
    lock.unlock();
    // Store errors carry no PHI (the store's messages name no row content).
    if (auto sampled = sampleNow(); !sampled) {
      spdlog::warn("health sample not stored: {}", sampled.error().message);
    }
    if (auto pruned = pruneNow(); !pruned) {
      spdlog::warn("pruning health samples failed: {}", pruned.error().message);
    }
    lock.lock();
  }
}

}  // namespace mensajero::app
