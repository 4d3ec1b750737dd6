#include "monitoring/request_metrics.h"

namespace mensajero::monitoring {

RequestMetrics::RequestMetrics(const resilience::Clock& clock)
    : clock_(clock), started_ms_(clock.monotonicMillis()) {}

void RequestMetrics::record(unsigned status, std::int64_t elapsed_micros) {
  const std::int64_t second = clock_.monotonicMillis() / 1000;
  std::lock_guard lock(mutex_);
  Bucket& bucket = buckets_[static_cast<std::size_t>(second) % kBuckets];
  if (bucket.second != second) bucket = Bucket{second, 0, 0, 0};
  ++bucket.requests;
  if (status >= 500) ++bucket.errors;
  bucket.micros += elapsed_micros;
  ++total_;
}

RequestMetrics::Snapshot RequestMetrics::snapshot() const {
  const std::int64_t now_ms = clock_.monotonicMillis();
  const std::int64_t second = now_ms / 1000;
  Snapshot snapshot;
  snapshot.uptime_seconds = static_cast<double>(now_ms - started_ms_) / 1000.0;
  std::int64_t errors = 0;
  std::int64_t micros = 0;
  std::lock_guard lock(mutex_);
  for (const Bucket& bucket : buckets_) {
    if (bucket.second < 0 || second - bucket.second >= static_cast<std::int64_t>(kBuckets)) {
      continue;
    }
    snapshot.requests_per_minute += bucket.requests;
    errors += bucket.errors;
    micros += bucket.micros;
  }
  snapshot.total_requests = total_;
  if (snapshot.requests_per_minute > 0) {
    const auto requests = static_cast<double>(snapshot.requests_per_minute);
    snapshot.error_rate = static_cast<double>(errors) / requests;
    snapshot.average_response_ms = static_cast<double>(micros) / 1000.0 / requests;
  }
  return snapshot;
}

}  // namespace mensajero::monitoring
