#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "channels/provider_registry.h"
#include "core/webhook_tenancy.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// Applies stored webhooks in the background: the HTTP handler only makes a delivery
// durable and acknowledges it; this worker parses the stored rows in batches, dedups each
// event and applies it (see Store::applyWebhookWork). Rows left by a crash are picked up
// on the next start. Each row is parsed by the provider it names (row.provider, looked up in
// `providers`); a row of a provider this build lacks is marked "error", never retried. One
// thread; start/stop/notify are thread-safe. `providers` must outlive the processor.
class WebhookProcessor {
 public:
  struct Options {
    int batch_size = 500;
    std::chrono::milliseconds idle_poll{1'000};  // look again even without a notify
    int event_retention_days = 8;
  };

  WebhookProcessor(storage::Store& store, const channels::ProviderRegistry& providers,
                   const resilience::Clock& clock, Options options);
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

  // Events refused since start, never applied: those naming a number that is not one of the
  // receiving organization's channel instances, and statuses naming another organization's
  // message.
  struct RefusedCounts {
    std::uint64_t foreign_number = 0;
    std::uint64_t foreign_message = 0;
  };
  RefusedCounts refusedEvents() const {
    return {refused_foreign_number_.load(), refused_foreign_message_.load()};
  }
  // Inbound texts cut to core::kMaxInboundTextChars since start.
  std::uint64_t inboundTextsTruncated() const { return inbound_texts_truncated_.load(); }
  // Inbound events dropped since start, by reason (channels/inbound_kinds.h drop_reasons); each
  // drop is also logged with the webhook and message ids.
  std::map<std::string, std::uint64_t> inboundDropped() const;
  // Inbound events that are not messages (reactions, edits, notices, errors) recorded since
  // start.
  std::uint64_t inboundEventsRecorded() const { return inbound_events_recorded_.load(); }

 private:
  void run();
  // What one batch refused or cut, added to the counters once the batch is committed.
  struct BatchTally {
    std::uint64_t refused_foreign_number = 0;
    std::uint64_t inbound_texts_truncated = 0;
    std::map<std::string, std::uint64_t> inbound_dropped;
  };

  Result<int> processBatch();
  // Parses one stored row and keeps only what its organization may apply (numbers looked up
  // once per organization and batch, in `numbers`).
  Result<storage::WebhookWork> prepareWork(const storage::WebhookLogRecord& row, UnixMillis now,
                                           std::map<std::string, ChannelNumbers>& numbers,
                                           BatchTally& tally);
  void capInbound(storage::WebhookWork& work, const storage::WebhookLogRecord& row,
                  BatchTally& tally);
  void reportDropped(const storage::WebhookWork& work, const storage::WebhookLogRecord& row,
                     BatchTally& tally);
  void purgeOldEventKeys();
  void countApplied(const std::vector<storage::WebhookLogRecord>& rows,
                    const std::vector<storage::WebhookWork>& batch,
                    const storage::WebhookApplyCounts& counts,
                    const std::map<std::string, ChannelNumbers>& numbers) const;

  storage::Store& store_;
  const channels::ProviderRegistry& providers_;
  const resilience::Clock& clock_;
  Options options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool pending_ = false;   // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
  std::atomic<std::uint64_t> processed_rows_{0};
  std::atomic<std::uint64_t> refused_foreign_number_{0};
  std::atomic<std::uint64_t> refused_foreign_message_{0};
  std::atomic<std::uint64_t> inbound_texts_truncated_{0};
  std::atomic<std::uint64_t> inbound_events_recorded_{0};
  mutable std::mutex dropped_mutex_;
  std::map<std::string, std::uint64_t> inbound_dropped_;  // guarded by dropped_mutex_
  std::int64_t last_purge_ms_ = 0;                        // worker thread only
  std::mutex batch_mutex_;  // one batch at a time (worker and drain())
};

}  // namespace mensajero::core
