#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// Applies stored webhooks in the background: the HTTP handler only makes a delivery
// durable and acknowledges it; this worker parses the stored rows in batches, dedups each
// event and applies it (see Store::applyWebhookWork). Rows left by a crash are picked up
// on the next start. One thread; start/stop/notify are thread-safe.
class WebhookProcessor {
 public:
  struct Options {
    int batch_size = 500;
    std::chrono::milliseconds idle_poll{1'000};  // look again even without a notify
    int event_retention_days = 8;
  };

  WebhookProcessor(storage::Store& store, const resilience::Clock& clock, Options options);
  ~WebhookProcessor();
  WebhookProcessor(const WebhookProcessor&) = delete;
  WebhookProcessor& operator=(const WebhookProcessor&) = delete;

  void start();
  void stop();
  // A webhook was stored: process soon.
  void notify();
  // Processes until nothing is left (or the store fails). Returns the rows processed.
  Result<int> drain();

  std::uint64_t processedRows() const { return processed_rows_.load(); }

 private:
  void run();
  Result<int> processBatch();
  void purgeOldEventKeys();

  storage::Store& store_;
  const resilience::Clock& clock_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;   // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
  std::atomic<std::uint64_t> processed_rows_{0};
  std::int64_t last_purge_ms_ = 0;  // worker thread only
  std::mutex batch_mutex_;          // one batch at a time (worker and drain())
};

}  // namespace mensajero::core
