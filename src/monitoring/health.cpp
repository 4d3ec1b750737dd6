#include "monitoring/health.h"

#include <algorithm>

namespace mensajero::monitoring {

const char* toString(HealthState state) {
  switch (state) {
    case HealthState::Healthy:
      return "healthy";
    case HealthState::Degraded:
      return "degraded";
    case HealthState::Unhealthy:
      return "unhealthy";
  }
  return "unhealthy";
}

HealthService::HealthService(const resilience::Clock& clock) : clock_(clock) {}

void HealthService::addCheck(std::string name, bool critical, int cache_ms, Check check) {
  std::lock_guard lock(mutex_);
  Entry entry;
  entry.name = std::move(name);
  entry.critical = critical;
  entry.cache_ms = cache_ms;
  entry.check = std::move(check);
  entries_.push_back(std::move(entry));
}

HealthReport HealthService::run() {
  std::lock_guard lock(mutex_);
  HealthReport report;
  report.timestamp = clock_.now();
  for (Entry& entry : entries_) {
    const std::int64_t started = clock_.monotonicMillis();
    if (entry.last_run_monotonic < 0 || started - entry.last_run_monotonic >= entry.cache_ms) {
      CheckResult result;
      try {
        result = entry.check();
      } catch (const std::exception& e) {
        result = {HealthState::Unhealthy, e.what()};
      }
      entry.last = ServiceHealth{entry.name, result.state,
                                 static_cast<double>(clock_.monotonicMillis() - started),
                                 clock_.now(), result.details};
      entry.last_run_monotonic = started;
    }
    HealthState contributes = entry.last.state;
    if (!entry.critical) contributes = std::min(contributes, HealthState::Degraded);
    report.state = std::max(report.state, contributes);
    report.services.push_back(entry.last);
  }
  return report;
}

}  // namespace mensajero::monitoring
