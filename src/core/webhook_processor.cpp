#include "core/webhook_processor.h"

#include <vector>

#include <spdlog/spdlog.h>

#include "common/thread_name.h"
#include "core/inbound_limits.h"
#include "core/media/inbound_media.h"
#include "core/templates/template_events.h"
#include "core/webhook_work.h"
#include "monitoring/gateway_metrics.h"

namespace mensajero::core {
namespace {
constexpr std::int64_t kPurgeEveryMs = 3'600'000;
constexpr std::int64_t kDayMs = 86'400'000;
}  // namespace

WebhookProcessor::WebhookProcessor(storage::Store& store,
                                   const channels::ProviderRegistry& providers,
                                   const resilience::Clock& clock, Options options)
    : store_(store), providers_(providers), clock_(clock), options_(options) {}

WebhookProcessor::~WebhookProcessor() { stop(); }

void WebhookProcessor::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  pending_ = true;  // rows may have been left by a previous run
  thread_ = std::thread([this] {
    nameThisThread("webhook-proc");
    run();
  });
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
  std::map<std::string, ChannelNumbers> numbers;
  BatchTally tally;
  std::vector<storage::WebhookWork> batch;
  batch.reserve(rows->size());
  std::vector<storage::NewMediaRecord> media;
  for (const auto& row : *rows) {
    auto work = prepareWork(row, now, numbers, tally);
    if (!work) return work.error();
    for (auto& file : claimInboundMedia(work->inbound, row.provider))
      media.push_back(std::move(file));
    batch.push_back(std::move(*work));
  }
  // Recorded first: a message never names a media row that does not exist (a crash between
  // the two leaves a row no message names, and the batch's retry records it again harmlessly).
  if (!media.empty()) {
    if (auto recorded = store_.recordInboundMedia(media); !recorded) return recorded.error();
  }

  // Template events go first, outside the batch's transaction: they touch only templates, and
  // re-applying them when the batch is retried sets the same values again.
  for (const auto& work : batch) {
    auto applied = templates::applyTemplateEvents(store_, work.templates);
    if (!applied) return applied.error();
    if (applied->unmatched > 0) {
      spdlog::info("webhook {}: {} template events named no template of the organization",
                   work.webhook_log_id, applied->unmatched);
    }
  }
  auto counts = store_.applyWebhookWork(batch);
  if (!counts) return counts.error();
  countApplied(*rows, batch, *counts, numbers);
  // Counted once the batch is committed: a failed batch is prepared (and logged) again.
  processed_rows_ += rows->size();
  refused_foreign_number_ += tally.refused_foreign_number;
  inbound_texts_truncated_ += tally.inbound_texts_truncated;
  inbound_events_recorded_ += static_cast<std::uint64_t>(counts->inbound_events_recorded);
  if (!tally.inbound_dropped.empty()) {
    std::lock_guard lock(dropped_mutex_);
    for (const auto& [reason, count] : tally.inbound_dropped) inbound_dropped_[reason] += count;
  }
  if (counts->statuses_refused > 0) {
    refused_foreign_message_ += static_cast<std::uint64_t>(counts->statuses_refused);
    spdlog::warn("webhook statuses refused: {} named another organization's message",
                 counts->statuses_refused);
  }
  spdlog::debug(
      "webhooks applied: rows={} statuses={} ignored={} unmatched={} refused={} inbound={} "
      "duplicates={}",
      rows->size(), counts->statuses_applied, counts->statuses_ignored, counts->statuses_unmatched,
      counts->statuses_refused, counts->inbound_inserted, counts->inbound_duplicates);
  return static_cast<int>(rows->size());
}

// Metrics of a committed batch: each row processed, its time from arrival to applied, and each
// status that moved a message (labelled by the instance its number belongs to).
void WebhookProcessor::countApplied(const std::vector<storage::WebhookLogRecord>& rows,
                                    const std::vector<storage::WebhookWork>& batch,
                                    const storage::WebhookApplyCounts& counts,
                                    const std::map<std::string, ChannelNumbers>& numbers) const {
  auto& metrics = monitoring::gatewayMetrics();
  const UnixMillis now = clock_.now();
  for (std::size_t i = 0; i < rows.size() && i < batch.size(); ++i) {
    metrics.webhooks_processed.with({rows[i].provider, batch[i].status}).inc();
    metrics.webhook_ingest_to_applied.with({rows[i].provider})
        .observe(static_cast<double>(std::max<UnixMillis>(0, now - rows[i].received_at)) / 1000);
  }
  for (const auto& applied : counts.applied_statuses) {
    // "sent" is counted by the dispatcher when its attempt is recorded.
    if (applied.status == domain::DeliveryStatus::Sent) continue;
    std::string instance_id;
    if (auto org = numbers.find(applied.organization_id); org != numbers.end()) {
      const auto& by_number = org->second.instance_by_phone_number_id;
      if (auto found = by_number.find(applied.phone_number_id); found != by_number.end()) {
        instance_id = found->second;
      }
    }
    const monitoring::InstanceLabels labels = monitoring::instanceLabels(instance_id);
    metrics.messages
        .with({labels.channel_type, labels.provider, std::string(domain::toText(applied.status))})
        .inc();
  }
}

Result<storage::WebhookWork> WebhookProcessor::prepareWork(
    const storage::WebhookLogRecord& row, UnixMillis now,
    std::map<std::string, ChannelNumbers>& numbers, BatchTally& tally) {
  auto known = numbers.find(row.organization_id);
  if (known == numbers.end()) {
    auto loaded = loadChannelNumbers(store_, providers_, row.organization_id);
    if (!loaded) return loaded.error();
    known = numbers.emplace(row.organization_id, std::move(*loaded)).first;
  }
  storage::WebhookWork work = buildWebhookWork(providers_.find(row.provider), row, now);
  if (work.status == "error") {
    // Ids only: the payload stays in the stored row for whoever investigates.
    spdlog::warn("webhook {} of organization {} not applied: {}", row.id, row.organization_id,
                 work.error_message.value_or(""));
  }
  reportDropped(work, row, tally);
  const RefusedEvents refused = keepOrganizationEvents(work, known->second);
  if (refused.total() > 0) {
    tally.refused_foreign_number += static_cast<std::uint64_t>(refused.total());
    // Ids only: the numbers and contents stay in the stored row for whoever investigates.
    spdlog::warn(
        "webhook {} of organization {}: refused {} status, {} inbound and {} template events "
        "naming a number or account that is not one of the organization's channels",
        row.id, row.organization_id, refused.statuses, refused.inbound, refused.templates);
  }
  capInbound(work, row, tally);
  return work;
}

void WebhookProcessor::capInbound(storage::WebhookWork& work, const storage::WebhookLogRecord& row,
                                  BatchTally& tally) {
  for (auto& event : work.inbound) {
    const CappedInbound capped = capInboundEvent(event);
    if (capped.profile_name) {
      spdlog::warn("inbound profile name truncated: webhook {} message {}, kept {} characters",
                   row.id, event.external_id, kMaxProfileNameChars);
    }
    if (!capped.content) continue;
    ++tally.inbound_texts_truncated;
    spdlog::warn("inbound text truncated: webhook {} message {} had {} characters, kept {}", row.id,
                 event.external_id, capped.content_chars, kMaxInboundTextChars);
  }
}

std::map<std::string, std::uint64_t> WebhookProcessor::inboundDropped() const {
  std::lock_guard lock(dropped_mutex_);
  return inbound_dropped_;
}

void WebhookProcessor::reportDropped(const storage::WebhookWork& work,
                                     const storage::WebhookLogRecord& row, BatchTally& tally) {
  for (const auto& dropped : work.dropped) {
    ++tally.inbound_dropped[dropped.reason];
    // Ids only: the sender and content stay in the stored row for whoever investigates.
    spdlog::warn("inbound event dropped: webhook {} of organization {} message '{}': {}", row.id,
                 row.organization_id, dropped.external_id, dropped.reason);
  }
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
