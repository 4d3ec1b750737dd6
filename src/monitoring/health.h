#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "common/time_format.h"
#include "resilience/clock.h"

namespace mensajero::monitoring {

enum class HealthState { Healthy, Degraded, Unhealthy };
const char* toString(HealthState state);

struct ServiceHealth {
  std::string name;
  HealthState state = HealthState::Healthy;
  double response_ms = 0;
  UnixMillis last_check = 0;
  std::string details;  // never PHI
};

struct HealthReport {
  HealthState state = HealthState::Healthy;
  UnixMillis timestamp = 0;
  std::vector<ServiceHealth> services;
};

// Runs named checks and folds them into one state: the worst state of the checks that are
// `critical`, and at most Degraded from the others (a provider outage degrades the gateway
// but it still accepts messages into the outbox). Results of a check are cached for
// `cache_ms` so a busy health endpoint does not hammer providers. Thread-safe.
class HealthService {
 public:
  struct CheckResult {
    HealthState state = HealthState::Healthy;
    std::string details;
  };
  using Check = std::function<CheckResult()>;

  explicit HealthService(const resilience::Clock& clock);

  void addCheck(std::string name, bool critical, int cache_ms, Check check);
  HealthReport run();

 private:
  struct Entry {
    std::string name;
    bool critical = false;
    int cache_ms = 0;
    Check check;
    ServiceHealth last;
    std::int64_t last_run_monotonic = -1;
  };

  const resilience::Clock& clock_;
  std::mutex mutex_;  // one run at a time; guards entries_
  std::vector<Entry> entries_;
};

}  // namespace mensajero::monitoring
