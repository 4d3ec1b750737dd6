#include "monitoring/health.h"

#include <algorithm>
#include <set>

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

HealthService::HealthService(const resilience::Clock& clock, std::chrono::milliseconds budget)
    : clock_(clock), budget_(budget), reporter_([this] { reportLoop(); }) {}

HealthService::~HealthService() { stop(); }

void HealthService::addCheck(std::string name, bool critical, int cache_ms, Check check) {
  auto entry = std::make_unique<Entry>();
  entry->name = std::move(name);
  entry->critical = critical;
  entry->cache_ms = cache_ms;
  entry->check = std::move(check);
  Entry& added = *entry;
  std::lock_guard lock(mutex_);
  entries_.push_back(std::move(entry));
  added.thread = std::thread([this, &added] { runChecks(added); });
}

void HealthService::stop() {
  std::vector<ReportDone> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(waiting_);
  }
  work_.notify_all();
  asked_.notify_all();
  finished_.notify_all();
  if (reporter_.joinable()) reporter_.join();
  for (auto& entry : entries_) {
    if (entry->thread.joinable()) entry->thread.join();
  }
}

HealthReport HealthService::run() {
  std::unique_lock lock(mutex_);
  return collect(lock);
}

void HealthService::runAsync(ReportDone done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    waiting_.push_back(std::move(done));
  }
  asked_.notify_one();
}

void HealthService::reportLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    asked_.wait(lock, [this] { return stopping_ || !waiting_.empty(); });
    if (stopping_) return;
    std::vector<ReportDone> batch;
    batch.swap(waiting_);
    const HealthReport report = collect(lock);
    lock.unlock();
    for (ReportDone& done : batch) {
      try {
        done(report);
      } catch (...) {
        // NOTE: one caller's failure must not cost the others their report.
      }
    }
    batch.clear();
    lock.lock();
  }
}

void HealthService::runChecks(Entry& entry) {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [this, &entry] { return stopping_ || entry.requested; });
    if (stopping_) return;
    entry.requested = false;
    lock.unlock();
    const std::int64_t started = clock_.monotonicMillis();
    const auto started_steady = std::chrono::steady_clock::now();
    CheckResult result;
    try {
      result = entry.check();
    } catch (const std::exception& e) {
      result = {HealthState::Unhealthy, e.what(), {}};
    }
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started_steady;
    lock.lock();
    entry.last = ServiceHealth{entry.name,
                               result.state,
                               took.count(),
                               clock_.now(),
                               std::move(result.details),
                               std::move(result.scoped)};
    entry.has_result = true;
    entry.last_run_monotonic = started;
    entry.running = false;
    finished_.notify_all();
  }
}

// Starts the checks whose result is stale, waits up to the budget for them (and for checks
// that have never answered), then folds whatever is known. A cached check refreshing past the
// budget keeps its previous result, an uncached one is reported as not answering.
HealthReport HealthService::collect(std::unique_lock<std::mutex>& lock) {
  const auto deadline = std::chrono::steady_clock::now() + budget_;
  const std::int64_t now = clock_.monotonicMillis();
  std::set<const Entry*> awaited;
  for (auto& entry : entries_) {
    const bool stale =
        entry->last_run_monotonic < 0 || now - entry->last_run_monotonic >= entry->cache_ms;
    if (stale && !entry->running) {
      entry->running = true;
      entry->requested = true;
      awaited.insert(entry.get());
    } else if (entry->running && !entry->has_result) {
      awaited.insert(entry.get());
    }
  }
  work_.notify_all();
  finished_.wait_until(lock, deadline, [this, &awaited] {
    return stopping_ || std::none_of(awaited.begin(), awaited.end(),
                                     [](const Entry* entry) { return entry->running; });
  });

  HealthReport report;
  report.timestamp = clock_.now();
  for (const auto& entry : entries_) {
    ServiceHealth service = entry->last;
    // A check that is not cached reports its state now or nothing: its previous result
    // (say, a database that answered a minute ago) says nothing about now.
    const bool unanswered = !entry->has_result || (entry->running && entry->cache_ms == 0);
    if (unanswered) {
      service = ServiceHealth{entry->name,
                              HealthState::Degraded,
                              static_cast<double>(budget_.count()),
                              report.timestamp,
                              "no answer within " + std::to_string(budget_.count()) + " ms",
                              {}};
    }
    HealthState contributes = service.state;
    if (!entry->critical) contributes = std::min(contributes, HealthState::Degraded);
    report.state = std::max(report.state, contributes);
    report.services.push_back(std::move(service));
  }
  return report;
}

}  // namespace mensajero::monitoring
