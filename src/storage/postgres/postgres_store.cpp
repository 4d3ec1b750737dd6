#include "storage/postgres/postgres_store.h"

#include <utility>

#include <algorithm>
#include <chrono>
#include <future>
#include <optional>

#include "monitoring/gateway_metrics.h"
#include "storage/common/webhook_partitions.h"
#include "storage/postgres/account_ops.h"
#include "storage/postgres/alert_ops.h"
#include "storage/postgres/batch_writer.h"
#include "storage/postgres/connection_pool.h"
#include "storage/postgres/conversation_page.h"
#include "storage/postgres/health_sample_ops.h"
#include "storage/postgres/idempotency_ops.h"
#include "storage/postgres/media_ops.h"
#include "storage/postgres/migrations.h"
#include "storage/postgres/outbox_ops.h"
#include "storage/postgres/pg_params.h"
#include "storage/postgres/pg_sql.h"
#include "storage/postgres/plan_ops.h"
#include "storage/postgres/template_ops.h"
#include "storage/postgres/transaction.h"
#include "storage/postgres/webhook_ops.h"

namespace mensajero::storage::postgres {
namespace {

// Deliveries, and accepts of sends, written in one transaction at most.
constexpr std::size_t kMaxWebhookBatch = 256;
constexpr std::size_t kMaxAcceptBatch = 128;
// The accept writer's threads (and connections). A batch is one statement, so an accept's cost
// is mostly its share of the commit's WAL flush: one writer's larger batches share it best.
// Two and three writers, each flushing smaller batches, took 8 % and 25 % fewer accepts/s
// (issue 13, docs/benchmarks.md).
constexpr int kAcceptWriters = 1;

Result<StoreStats> readStats(PgConnection& db) {
  auto counts = db.run(
      "SELECT (SELECT count(*) FROM messages WHERE direction = 'outbound' AND "
      "delivery_status = 'pending'), "
      "(SELECT count(*) FROM webhook_logs WHERE status = 'received'), "
      "(SELECT " PG_MILLIS("min(next_attempt_at)") " FROM messages WHERE direction = "
      "'outbound' AND delivery_status = 'pending')");
  if (!counts) return counts.error();
  return StoreStats{counts->integer(0, 0), counts->integer(0, 1), counts->optTime(0, 2)};
}

Result<std::int64_t> readPendingOutbound(PgConnection& db, std::string_view organization_id) {
  auto count = db.run(
      "SELECT count(*) FROM messages m JOIN message_conversations c ON c.id = m.conversation_id "
      "WHERE c.organization_id = $1 AND m.direction = 'outbound' AND "
      "m.delivery_status = 'pending'",
      PgParams().id(organization_id));
  if (!count) return count.error();
  return std::int64_t{count->integer(0, 0)};
}

// synchronous_commit=off answers a commit before its WAL is flushed: a server crash loses
// the last moments' commits, 2xx already given. ('local', 'remote_write' and friends flush
// locally first, so they keep the promise on this server.) fsync=off risks the whole cluster.
Result<std::vector<std::string>> readDurabilityCaveats(PgConnection& db) {
  auto settings = db.run("SELECT current_setting('synchronous_commit'), current_setting('fsync')");
  if (!settings) return settings.error();
  std::vector<std::string> caveats;
  if (settings->text(0, 0) == "off") {
    caveats.emplace_back(
        "synchronous_commit is off: a database crash can lose messages and webhooks already "
        "acknowledged with a 2xx; set it to on for the gateway's role or database");
  }
  if (settings->text(0, 1) == "off") {
    caveats.emplace_back(
        "fsync is off: a power loss or OS crash can corrupt the database and lose "
        "acknowledged messages; turn it on");
  }
  return caveats;
}

Status pingDatabase(PgConnection& db) {
  auto answered = db.run("SELECT 1");
  if (!answered) return answered.error();
  return {};
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const PostgresStoreOptions& options) {
  auto pool = std::make_unique<ConnectionPool>(
      options.conninfo, std::max(options.pool_size, 2),
      std::chrono::milliseconds(std::max(options.acquire_timeout_ms, 1)));
  // The first connection proves the database reachable and stays in the pool.
  if (auto first = pool->acquire(); !first) return first.error();
  auto webhooks = std::make_unique<WebhookWriter>(
      "webhook", options.conninfo, std::max<std::size_t>(options.max_queued_webhooks, 1),
      kMaxWebhookBatch, 1, appendWebhooks, appendWebhook);
  auto accepts = std::make_unique<AcceptWriter>(
      "accept", options.conninfo, std::max<std::size_t>(options.max_queued_accepts, 1),
      kMaxAcceptBatch, kAcceptWriters, acceptOutbounds, postgres::acceptOutbound);
  // Two connections of the pool stay for the API and the dispatcher while webhooks are applied.
  const std::size_t processing_parts =
      static_cast<std::size_t>(std::clamp(options.pool_size - 2, 1, kMaxProcessingParts));
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(pool), std::move(webhooks),
                                                          std::move(accepts), processing_parts));
}

PostgresStore::PostgresStore(std::unique_ptr<ConnectionPool> pool,
                             std::unique_ptr<WebhookWriter> webhooks,
                             std::unique_ptr<AcceptWriter> accepts, std::size_t processing_parts)
    : pool_(std::move(pool)),
      webhooks_(std::move(webhooks)),
      accepts_(std::move(accepts)),
      processing_parts_(processing_parts) {}

PostgresStore::~PostgresStore() {
  // Queued webhooks and accepts complete first, while their callbacks may still use the pool.
  accepts_->close();
  webhooks_->close();
  accepts_.reset();
  webhooks_.reset();
  pool_.reset();
}

template <typename T, typename Fn>
Result<T> PostgresStore::read(Fn fn) {
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("postgres", "read");
  const std::int64_t start = monitoring::steadyMicros();
  auto db = pool_->acquire();
  Result<T> result = db ? withReconnect<T>(**db, fn) : Result<T>(db.error());
  monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
  return result;
}

template <typename T, typename Fn>
Result<T> PostgresStore::snapshot(Fn fn) {
  static const monitoring::DbCallMetrics metrics =
      monitoring::dbCallMetrics("postgres", "snapshot");
  const std::int64_t start = monitoring::steadyMicros();
  auto db = pool_->acquire();
  Result<T> result = db ? inTransaction<T>(**db, fn, Access::ReadSnapshot) : Result<T>(db.error());
  monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
  return result;
}

template <typename T, typename Fn>
Result<T> PostgresStore::write(Fn fn) {
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("postgres", "write");
  const std::int64_t start = monitoring::steadyMicros();
  auto db = pool_->acquire();
  Result<T> result = db ? inTransaction<T>(**db, fn, Access::ReadWrite) : Result<T>(db.error());
  monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
  return result;
}

template <typename PurgeBatch>
Result<int> PostgresStore::purgeInBatches(PurgeBatch purge_batch) {
  int total = 0;
  for (;;) {
    auto removed = write<int>([&](PgConnection& db) { return purge_batch(db, kPurgeBatchRows); });
    if (!removed) return removed.error();
    total += *removed;
    if (*removed < kPurgeBatchRows) return total;
  }
}

Result<int> PostgresStore::migrate() {
  return write<int>([](PgConnection& db) { return applyMigrations(db); });
}

Result<int> PostgresStore::schemaVersion() {
  return read<int>([](PgConnection& db) { return readSchemaVersion(db); });
}

Status PostgresStore::ping() {
  return read<void>([](PgConnection& db) { return pingDatabase(db); });
}

Result<std::vector<std::string>> PostgresStore::durabilityCaveats() {
  return read<std::vector<std::string>>([](PgConnection& db) { return readDurabilityCaveats(db); });
}

Result<StoreStats> PostgresStore::stats() {
  return read<StoreStats>([](PgConnection& db) { return readStats(db); });
}

Result<std::int64_t> PostgresStore::countPendingOutbound(std::string_view organization_id) {
  return read<std::int64_t>(
      [organization_id](PgConnection& db) { return readPendingOutbound(db, organization_id); });
}

Result<OrganizationRecord> PostgresStore::createOrganization(OrganizationRecord organization) {
  auto written = write<OrganizationRecord>(
      [&organization](PgConnection& db) { return postgres::createOrganization(db, organization); });
  directoryChanged();
  return written;
}

Result<OrganizationRecord> PostgresStore::upsertOrganization(OrganizationRecord organization) {
  auto written = write<OrganizationRecord>(
      [&organization](PgConnection& db) { return postgres::upsertOrganization(db, organization); });
  directoryChanged();
  return written;
}

Result<std::optional<OrganizationRecord>> PostgresStore::findOrganization(std::string_view id) {
  return read<std::optional<OrganizationRecord>>(
      [id](PgConnection& db) { return postgres::findOrganization(db, id); });
}

Result<std::optional<OrganizationRecord>> PostgresStore::findOrganizationByName(
    std::string_view name) {
  return read<std::optional<OrganizationRecord>>(
      [name](PgConnection& db) { return postgres::findOrganizationByName(db, name); });
}

Result<ApiKeyRecord> PostgresStore::insertApiKey(ApiKeyRecord key) {
  return write<ApiKeyRecord>([&key](PgConnection& db) { return postgres::insertApiKey(db, key); });
}

Result<std::optional<ApiKeyRecord>> PostgresStore::findApiKeyByHash(std::string_view key_hash) {
  return read<std::optional<ApiKeyRecord>>(
      [key_hash](PgConnection& db) { return postgres::findApiKeyByHash(db, key_hash); });
}

Result<std::vector<ApiKeyRecord>> PostgresStore::listApiKeys(std::string_view organization_id) {
  return read<std::vector<ApiKeyRecord>>(
      [organization_id](PgConnection& db) { return postgres::listApiKeys(db, organization_id); });
}

Result<ApiKeyRecord> PostgresStore::revokeApiKey(std::string_view id, UnixMillis at) {
  return write<ApiKeyRecord>(
      [id, at](PgConnection& db) { return postgres::revokeApiKey(db, id, at); });
}

Result<ChannelInstanceRecord> PostgresStore::upsertChannelInstance(ChannelInstanceRecord channel) {
  auto written = write<ChannelInstanceRecord>(
      [&channel](PgConnection& db) { return postgres::upsertChannelInstance(db, channel); });
  directoryChanged();
  return written;
}

Result<std::vector<ChannelInstanceRecord>> PostgresStore::listChannelInstances(
    std::string_view organization_id) {
  return read<std::vector<ChannelInstanceRecord>>([organization_id](PgConnection& db) {
    return postgres::listChannelInstances(db, organization_id);
  });
}

Result<std::vector<ChannelInstanceRecord>> PostgresStore::listAllChannelInstances() {
  return read<std::vector<ChannelInstanceRecord>>(
      [](PgConnection& db) { return postgres::listChannelInstances(db, std::nullopt); });
}

Result<std::optional<ChannelInstanceRecord>> PostgresStore::findChannelInstance(
    std::string_view id) {
  return read<std::optional<ChannelInstanceRecord>>(
      [id](PgConnection& db) { return postgres::findChannelInstance(db, id); });
}

Status PostgresStore::updateChannelHealth(std::string_view id, std::string_view health_status,
                                          UnixMillis checked_at) {
  Status written = write<void>([=](PgConnection& db) {
    return postgres::updateChannelHealth(db, id, health_status, checked_at);
  });
  directoryChanged();
  return written;
}

Status PostgresStore::setChannelStatus(std::string_view id, std::string_view status,
                                       std::optional<std::string> last_error) {
  Status written = write<void>([=, &last_error](PgConnection& db) {
    return postgres::setChannelStatus(db, id, status, last_error);
  });
  directoryChanged();
  return written;
}

Status PostgresStore::recordCircuitBreakerEvent(const CircuitBreakerEventRecord& event) {
  return write<void>(
      [&event](PgConnection& db) { return postgres::recordCircuitBreakerEvent(db, event); });
}

Result<std::vector<CircuitBreakerEventRecord>> PostgresStore::listCircuitBreakerEvents(
    std::string_view service_name, int limit) {
  return read<std::vector<CircuitBreakerEventRecord>>([service_name, limit](PgConnection& db) {
    return postgres::listCircuitBreakerEvents(db, service_name, limit);
  });
}

Result<AcceptedMessage> PostgresStore::acceptOutbound(NewOutboundMessage message) {
  return write<AcceptedMessage>(
      [&message](PgConnection& db) { return postgres::acceptOutbound(db, message); });
}

void PostgresStore::acceptOutboundAsync(NewOutboundMessage message, AcceptCallback done) {
  // Counted as the write it was when it ran on a pooled connection (and is on SQLite).
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("postgres", "write");
  const std::int64_t start = monitoring::steadyMicros();
  accepts_->submit(std::move(message),
                   [start, done = std::move(done)](Result<AcceptedMessage> accepted) {
                     monitoring::recordDbCall(metrics, start, static_cast<bool>(accepted));
                     done(std::move(accepted));
                   });
}

Result<std::optional<MessageRecord>> PostgresStore::findMessage(std::string_view id) {
  return read<std::optional<MessageRecord>>(
      [id](PgConnection& db) { return postgres::findMessage(db, id); });
}

Result<std::vector<MessageRecord>> PostgresStore::claimDueOutbound(
    UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances) {
  return write<std::vector<MessageRecord>>([&](PgConnection& db) {
    return postgres::claimDueOutbound(db, now, limit, owner, lease_until, skip_channel_instances);
  });
}

Result<AttemptApplied> PostgresStore::recordSendAttempt(const SendAttemptRecord& attempt) {
  return write<AttemptApplied>(
      [&attempt](PgConnection& db) { return postgres::recordSendAttempt(db, attempt); });
}

Result<AttemptApplied> PostgresStore::advanceChannelPlan(const PlanAdvanceRecord& advance) {
  return write<AttemptApplied>(
      [&advance](PgConnection& db) { return postgres::advanceChannelPlan(db, advance); });
}

Result<std::string> PostgresStore::listSendAttempts(std::string_view message_id) {
  return snapshot<std::string>(
      [message_id](PgConnection& db) { return postgres::listSendAttempts(db, message_id); });
}

Result<IdempotencyOutcome> PostgresStore::beginIdempotentRequest(const IdempotentRequest& request) {
  return write<IdempotencyOutcome>(
      [&request](PgConnection& db) { return postgres::beginIdempotentRequest(db, request); });
}

Status PostgresStore::completeIdempotentRequest(const IdempotencyKeyId& id, int status,
                                                std::string_view body) {
  return write<void>([&id, status, body](PgConnection& db) {
    return postgres::completeIdempotentRequest(db, id, status, body);
  });
}

Status PostgresStore::releaseIdempotentRequest(const IdempotencyKeyId& id) {
  return write<void>(
      [&id](PgConnection& db) { return postgres::releaseIdempotentRequest(db, id); });
}

Result<int> PostgresStore::purgeIdempotencyKeysBefore(UnixMillis cutoff) {
  return purgeInBatches([cutoff](PgConnection& db, int limit) {
    return postgres::purgeIdempotencyKeysBefore(db, cutoff, limit);
  });
}

Result<std::optional<ConversationPage>> PostgresStore::getConversation(
    std::string_view organization_id, std::string_view conversation_id, int limit,
    std::optional<std::string> before_message_id) {
  return snapshot<std::optional<ConversationPage>>([&](PgConnection& db) {
    return readConversationPage(db, organization_id, conversation_id, limit, before_message_id);
  });
}

void PostgresStore::appendWebhookAsync(WebhookLogRecord record, WebhookAppendCallback done) {
  webhooks_->submit(std::move(record), std::move(done));
}

Result<std::vector<WebhookLogRecord>> PostgresStore::listUnprocessedWebhooks(int limit) {
  return read<std::vector<WebhookLogRecord>>(
      [limit](PgConnection& db) { return postgres::listUnprocessedWebhooks(db, limit); });
}

// Each part in its own transaction on its own pooled connection, at the same time: the
// statements are round trips to the server, so parallel parts multiply what one drain
// applies (see common::partitionWebhookWork for why parts do not conflict). A failed part
// leaves its rows unprocessed for the next drain; the others stay committed.
Result<WebhookApplyCounts> PostgresStore::applyWebhookWork(const std::vector<WebhookWork>& batch) {
  const auto apply = [this](const std::vector<WebhookWork>& part) {
    return write<WebhookApplyCounts>(
        [&part](PgConnection& db) { return postgres::applyWebhookWork(db, part); });
  };
  const std::size_t parts = batch.size() >= kMinPartitionedBatch ? processing_parts_ : 1;
  const auto split = common::partitionWebhookWork(batch, parts);
  if (split.size() <= 1) return apply(batch);
  std::vector<std::future<Result<WebhookApplyCounts>>> running;
  running.reserve(split.size() - 1);
  for (std::size_t i = 1; i < split.size(); ++i) {
    running.push_back(std::async(std::launch::async, apply, std::cref(split[i])));
  }
  Result<WebhookApplyCounts> first = apply(split[0]);
  std::optional<Error> failed;
  WebhookApplyCounts total;
  if (first) {
    common::addCounts(total, std::move(*first));
  } else {
    failed = first.error();
  }
  for (auto& part : running) {
    Result<WebhookApplyCounts> done = part.get();
    if (done) {
      common::addCounts(total, std::move(*done));
    } else if (!failed) {
      failed = done.error();
    }
  }
  if (failed) return *failed;
  return total;
}

Result<int> PostgresStore::purgeEventKeysBefore(UnixMillis cutoff) {
  return purgeInBatches([cutoff](PgConnection& db, int limit) {
    return postgres::purgeEventKeysBefore(db, cutoff, limit);
  });
}

Result<TemplateRecord> PostgresStore::createTemplate(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](PgConnection& db) { return postgres::createTemplate(db, record); });
}

Result<std::optional<TemplateRecord>> PostgresStore::findTemplate(std::string_view organization_id,
                                                                  std::string_view id) {
  return read<std::optional<TemplateRecord>>([organization_id, id](PgConnection& db) {
    return postgres::findTemplate(db, organization_id, id);
  });
}

Result<std::optional<TemplateRecord>> PostgresStore::findTemplateByName(
    std::string_view organization_id, std::string_view name, std::string_view language) {
  return read<std::optional<TemplateRecord>>([organization_id, name, language](PgConnection& db) {
    return postgres::findTemplateByName(db, organization_id, name, language);
  });
}

Result<std::vector<TemplateRecord>> PostgresStore::listTemplates(std::string_view organization_id,
                                                                 const TemplateFilter& filter) {
  return read<std::vector<TemplateRecord>>([organization_id, &filter](PgConnection& db) {
    return postgres::listTemplates(db, organization_id, filter);
  });
}

Result<TemplateRecord> PostgresStore::updateTemplate(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](PgConnection& db) { return postgres::updateTemplate(db, record); });
}

Result<TemplateRecord> PostgresStore::upsertTemplateByName(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](PgConnection& db) { return postgres::upsertTemplateByName(db, record); });
}

Result<std::optional<TemplateRecord>> PostgresStore::setTemplateStatusByProviderId(
    std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, std::optional<std::string> reason,
    std::optional<std::string> quality) {
  return write<std::optional<TemplateRecord>>([&](PgConnection& db) {
    return postgres::setTemplateStatusByProviderId(db, organization_id, provider_template_id,
                                                   status, reason, quality);
  });
}

// --- media ---

Result<MediaSaved> PostgresStore::saveUploadedMedia(const NewMediaRecord& media) {
  return write<MediaSaved>(
      [&media](PgConnection& db) { return postgres::saveUploadedMedia(db, media); });
}

Status PostgresStore::recordInboundMedia(const std::vector<NewMediaRecord>& media) {
  return write<void>(
      [&media](PgConnection& db) { return postgres::recordInboundMedia(db, media); });
}

Result<std::optional<MediaRecord>> PostgresStore::findMedia(std::string_view organization_id,
                                                            std::string_view media_id,
                                                            bool with_bytes) {
  return snapshot<std::optional<MediaRecord>>([&](PgConnection& db) {
    return postgres::findMedia(db, organization_id, media_id, with_bytes);
  });
}

Status PostgresStore::setProviderMediaId(std::string_view organization_id,
                                         std::string_view media_id, std::string_view provider,
                                         std::string_view provider_media_id) {
  return write<void>([&](PgConnection& db) {
    return postgres::setProviderMediaId(db, organization_id, media_id, provider, provider_media_id);
  });
}

Status PostgresStore::cacheMediaBytes(std::string_view organization_id, std::string_view media_id,
                                      std::string_view mime_type, std::string_view bytes) {
  return write<void>([&](PgConnection& db) {
    return postgres::cacheMediaBytes(db, organization_id, media_id, mime_type, bytes);
  });
}

Result<int> PostgresStore::purgeMediaBytesBefore(UnixMillis cutoff) {
  return purgeInBatches([cutoff](PgConnection& db, int limit) {
    return postgres::purgeMediaBytesBefore(db, cutoff, limit);
  });
}

// --- alerting (issue 12) ---

Result<bool> PostgresStore::acquireAlertLease(std::string_view name, std::string_view owner,
                                              UnixMillis now, UnixMillis expires_at) {
  return write<bool>([&](PgConnection& db) {
    return postgres::acquireAlertLease(db, name, owner, now, expires_at);
  });
}

Status PostgresStore::releaseAlertLease(std::string_view name, std::string_view owner) {
  return write<void>(
      [&](PgConnection& db) { return postgres::releaseAlertLease(db, name, owner); });
}

Result<std::vector<AlertStateRecord>> PostgresStore::listAlertStates() {
  return snapshot<std::vector<AlertStateRecord>>(
      [](PgConnection& db) { return postgres::listAlertStates(db); });
}

Status PostgresStore::saveAlertState(const AlertStateRecord& record) {
  return write<void>([&](PgConnection& db) { return postgres::saveAlertState(db, record); });
}

Result<DeliveryOutcomeCounts> PostgresStore::countDeliveryOutcomes(UnixMillis since) {
  return snapshot<DeliveryOutcomeCounts>(
      [since](PgConnection& db) { return postgres::countDeliveryOutcomes(db, since); });
}

// --- health samples ---

int PostgresStore::latestSchemaVersion() const { return postgres::latestSchemaVersion(); }

Status PostgresStore::insertHealthSamples(const std::vector<HealthSampleRecord>& samples) {
  return write<void>(
      [&samples](PgConnection& db) { return postgres::insertHealthSamples(db, samples); });
}

Result<std::vector<HealthSampleRecord>> PostgresStore::listHealthSamples(
    const HealthSampleQuery& query) {
  return read<std::vector<HealthSampleRecord>>(
      [&query](PgConnection& db) { return postgres::listHealthSamples(db, query); });
}

Result<int> PostgresStore::pruneHealthSamplesBefore(UnixMillis cutoff) {
  return purgeInBatches([cutoff](PgConnection& db, int limit) {
    return postgres::pruneHealthSamplesBefore(db, cutoff, limit);
  });
}

}  // namespace mensajero::storage::postgres
