#pragma once

#include <array>
#include <cstdint>
#include <mutex>

#include "resilience/clock.h"

namespace mensajero::monitoring {

// Counts HTTP requests over the last minute in one-second buckets, for the health
// endpoint's metrics block. Thread-safe; record() is a short critical section.
class RequestMetrics {
 public:
  struct Snapshot {
    double uptime_seconds = 0;
    std::int64_t requests_per_minute = 0;
    double error_rate = 0;            // share of the last minute's requests answered 5xx
    double average_response_ms = 0;   // over the last minute
    std::int64_t total_requests = 0;  // since start
  };

  explicit RequestMetrics(const resilience::Clock& clock);

  void record(unsigned status, std::int64_t elapsed_micros);
  Snapshot snapshot() const;

 private:
  struct Bucket {
    std::int64_t second = -1;
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::int64_t micros = 0;
  };
  static constexpr std::size_t kBuckets = 60;

  const resilience::Clock& clock_;
  const std::int64_t started_ms_;
  mutable std::mutex mutex_;
  std::array<Bucket, kBuckets> buckets_{};  // guarded by mutex_
  std::int64_t total_ = 0;                  // guarded by mutex_
};

}  // namespace mensajero::monitoring
