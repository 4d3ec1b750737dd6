#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "resilience/clock.h"

namespace mensajero::api {

// Failed authentications per source address, and the slow-down of a source that keeps
// failing: once a source has failed `failures_per_minute` times within one minute (a window
// that opens at its first failure), it is blocked for `block_ms`. The source is the peer
// address of the connection; the gateway does not trust X-Forwarded-For, so behind a reverse
// proxy every client of the proxy shares the proxy's count. Thread-safe.
class AuthFailures {
 public:
  struct Options {
    int failures_per_minute = 10;
    int block_ms = 60'000;
    // Sources tracked at once. When full, expired entries are dropped; if none is, a new
    // source goes uncounted until one expires (blocked sources are never forgotten early).
    std::size_t max_sources = 100'000;
  };

  AuthFailures(Options options, const resilience::Clock& clock);

  // How much longer `source` is blocked, in ms; nullopt when it is not blocked.
  std::optional<std::int64_t> blockedFor(const std::string& source);
  // Counts one failure of `source`. True when this failure started a block.
  bool recordFailure(const std::string& source);
  // Counts one request refused because its source was blocked.
  void recordRefusal() { refusals_total_.fetch_add(1, std::memory_order_relaxed); }

  int blockMs() const { return options_.block_ms; }
  // Since start, for the health endpoint's metrics.
  std::int64_t failuresTotal() const { return failures_total_.load(std::memory_order_relaxed); }
  std::int64_t refusalsTotal() const { return refusals_total_.load(std::memory_order_relaxed); }

 private:
  struct Source {
    std::int64_t window_start = 0;  // monotonic ms of the window's first failure
    int failures = 0;               // within the window
    std::int64_t blocked_until = 0;
  };
  bool expired(const Source& source, std::int64_t now) const;
  void sweep(std::int64_t now);  // requires mutex_

  const Options options_;
  const resilience::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Source> sources_;  // guarded by mutex_
  std::int64_t last_sweep_ = 0;                      // guarded by mutex_
  std::atomic<std::int64_t> failures_total_{0};
  std::atomic<std::int64_t> refusals_total_{0};
};

}  // namespace mensajero::api
