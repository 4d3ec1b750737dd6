#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/time_format.h"
#include "resilience/clock.h"

namespace mensajero::monitoring {

enum class HealthState { Healthy, Degraded, Unhealthy };
const char* toString(HealthState state);

// A detail that concerns one organization (it names its channel instances or their errors):
// shown only to that organization's callers.
struct ScopedDetail {
  std::string organization_id;
  std::string text;  // never PHI
};

struct ServiceHealth {
  std::string name;
  HealthState state = HealthState::Healthy;
  double response_ms = 0;
  UnixMillis last_check = 0;
  std::string details;  // never PHI, nor any organization's ids or errors
  std::vector<ScopedDetail> scoped;
};

struct HealthReport {
  HealthState state = HealthState::Healthy;
  UnixMillis timestamp = 0;
  std::vector<ServiceHealth> services;
};

// Runs named checks and folds them into one state: the worst state of the checks that are
// `critical`, and at most Degraded from the others (a provider outage degrades the gateway
// but it still accepts messages into the outbox). Results of a check are cached for
// `cache_ms` so a busy health endpoint does not hammer providers.
//
// Bounded: each check runs on a thread of its own, and a report waits at most `budget` for
// them. A check that has not answered within it is reported Degraded ("no answer within
// ... ms"), except that a cached check (cache_ms > 0) refreshing past it is reported with its
// previous result. So a report never waits for a slow provider or a busy database, nor for
// anyone else's work. Thread-safe.
class HealthService {
 public:
  struct CheckResult {
    HealthState state = HealthState::Healthy;
    std::string details;
    std::vector<ScopedDetail> scoped;
  };
  using Check = std::function<CheckResult()>;
  using ReportDone = std::function<void(const HealthReport&)>;

  explicit HealthService(const resilience::Clock& clock,
                         std::chrono::milliseconds budget = std::chrono::milliseconds(800));
  ~HealthService();  // stop()
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;

  void addCheck(std::string name, bool critical, int cache_ms, Check check);
  // Blocks the caller for at most about `budget`.
  HealthReport run();
  // Calls `done` with a report from the service's own reporting thread, so the caller holds
  // no thread meanwhile; reports asked for while one is being made share the next one.
  void runAsync(ReportDone done);
  // Joins the threads (a check in progress finishes first); reports not yet made are
  // dropped, `done` destroyed without being called. Idempotent.
  void stop();

 private:
  struct Entry {
    std::string name;
    bool critical = false;
    int cache_ms = 0;
    Check check;
    ServiceHealth last;
    bool has_result = false;
    std::int64_t last_run_monotonic = -1;
    bool running = false;    // requested or in progress
    bool requested = false;  // the check's thread should start it
    std::thread thread;
  };

  void runChecks(Entry& entry);
  void reportLoop();
  HealthReport collect(std::unique_lock<std::mutex>& lock);

  const resilience::Clock& clock_;
  const std::chrono::milliseconds budget_;
  std::mutex mutex_;
  std::condition_variable work_;                 // a check was requested, or stopping
  std::condition_variable finished_;             // a check finished
  std::condition_variable asked_;                // a report was asked for, or stopping
  std::vector<std::unique_ptr<Entry>> entries_;  // guarded by mutex_ (the pointers are stable)
  std::vector<ReportDone> waiting_;              // guarded by mutex_
  bool stopping_ = false;                        // guarded by mutex_
  std::thread reporter_;
};

}  // namespace mensajero::monitoring
