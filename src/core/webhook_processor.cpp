#include "core/webhook_processor.h"

#include <vector>

#include <spdlog/spdlog.h>

#include "core/meta_events.h"

namespace mensajero::core {
namespace {
constexpr std::int64_t kPurgeEveryMs = 3'600'000;
constexpr std::int64_t kDayMs = 86'400'000;
}  // namespace

WebhookProcessor::WebhookProcessor(storage::Store& store, const resilience::Clock& clock,
                                   Options options)
    : store_(store), clock_(clock), options_(options) {}

WebhookProcessor::~WebhookProcessor() { stop(); }

void WebhookProcessor::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  pending_ = true;  // rows may have been left by a previous run
  thread_ = std::thread([this] { run(); });
}

void WebhookProcessor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookProcessor::notify() {
  {
    std::lock_guard lock(mutex_);
    pending_ = true;
  }
  wake_.notify_one();
}

void WebhookProcessor::run() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.idle_poll, [this] { return pending_ || stopping_; });
      if (stopping_) return;
      pending_ = false;
    }
    auto drained = drain();
    if (!drained) {
      spdlog::warn("webhook processing paused: {}", drained.error().message);
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.idle_poll, [this] { return stopping_; });
      pending_ = true;
    }
    purgeOldEventKeys();
  }
}

Result<int> WebhookProcessor::drain() {
  int total = 0;
  while (true) {
    auto processed = processBatch();
    if (!processed) return processed.error();
    total += *processed;
    if (*processed < options_.batch_size) return total;
  }
}

Result<int> WebhookProcessor::processBatch() {
  std::lock_guard batch_lock(batch_mutex_);
  auto rows = store_.listUnprocessedWebhooks(options_.batch_size);
  if (!rows) return rows.error();
  if (rows->empty()) return 0;

  const UnixMillis now = clock_.now();
  std::vector<storage::WebhookWork> batch;
  batch.reserve(rows->size());
  for (const auto& row : *rows) batch.push_back(buildMetaWork(row, now));

  auto counts = store_.applyWebhookWork(batch);
  if (!counts) return counts.error();
  processed_rows_ += rows->size();
  spdlog::debug(
      "webhooks applied: rows={} statuses={} ignored={} unmatched={} inbound={} duplicates={}",
      rows->size(), counts->statuses_applied, counts->statuses_ignored, counts->statuses_unmatched,
      counts->inbound_inserted, counts->inbound_duplicates);
  return static_cast<int>(rows->size());
}

void WebhookProcessor::purgeOldEventKeys() {
  const std::int64_t now = clock_.monotonicMillis();
  if (last_purge_ms_ != 0 && now - last_purge_ms_ < kPurgeEveryMs) return;
  last_purge_ms_ = now;
  const UnixMillis cutoff = clock_.now() - options_.event_retention_days * kDayMs;
  if (auto purged = store_.purgeEventKeysBefore(cutoff); !purged) {
    spdlog::warn("purging old webhook event ids failed: {}", purged.error().message);
  }
}

}  // namespace mensajero::core
