#include "storage/sqlite/sqlite_store.h"

#include <utility>

#include "monitoring/gateway_metrics.h"
#include "storage/sqlite/account_ops.h"
#include "storage/sqlite/alert_ops.h"
#include "storage/sqlite/checkpointer.h"
#include "storage/sqlite/conversation_page.h"
#include "storage/sqlite/health_sample_ops.h"
#include "storage/sqlite/idempotency_ops.h"
#include "storage/sqlite/media_ops.h"
#include "storage/sqlite/migrations.h"
#include "storage/sqlite/outbox_ops.h"
#include "storage/sqlite/plan_ops.h"
#include "storage/sqlite/process_lock.h"
#include "storage/sqlite/read_pool.h"
#include "storage/sqlite/template_ops.h"
#include "storage/sqlite/webhook_ops.h"
#include "storage/sqlite/write_queue.h"

namespace mensajero::storage::sqlite {
namespace {

// The health checks and metrics read this every few seconds, so it reads only the outbox's
// partial index (issue 13: counting pending rows through idx_messages_status_created fetched
// every row, and the minimum walked them all: 43 ms with 119,000 scheduled messages, now
// 8 ms, the minimum one seek per priority rank).
#define MENSAJERO_PENDING_RANK_MIN(rank)                                                    \
  "SELECT min(next_attempt_at) AS at FROM messages INDEXED BY idx_messages_outbox "         \
  "WHERE direction = 'outbound' AND delivery_status = 'pending' AND " MENSAJERO_OUTBOX_RANK \
  " = " rank
constexpr const char* kStatsQuery =
    "SELECT (SELECT count(*) FROM messages INDEXED BY idx_messages_outbox "
    "WHERE direction = 'outbound' AND delivery_status = 'pending'), "
    "(SELECT count(*) FROM webhook_logs WHERE status = 'received'), "
    "(SELECT min(at) FROM (" MENSAJERO_PENDING_RANK_MIN("0") " UNION ALL " MENSAJERO_PENDING_RANK_MIN(
        "1") " UNION ALL " MENSAJERO_PENDING_RANK_MIN("2") "))";
#undef MENSAJERO_PENDING_RANK_MIN

Result<StoreStats> readStats(Connection& db) {
  auto count = db.prepare(kStatsQuery);
  if (!count) return count.error();
  if (auto row = count->next(); !row) return row.error();
  return StoreStats{count->integer(0), count->integer(1), count->optTime(2)};
}

Result<std::int64_t> readPendingOutbound(Connection& db, std::string_view organization_id) {
  auto count = db.prepare(
      "SELECT count(*) FROM messages m JOIN message_conversations c ON c.id = m.conversation_id "
      "WHERE c.organization_id = ?1 AND m.direction = 'outbound' AND "
      "m.delivery_status = 'pending'");
  if (!count) return count.error();
  count->bindText(1, organization_id);
  if (auto row = count->next(); !row) return row.error();
  return std::int64_t{count->integer(0)};
}

Status pingDatabase(Connection& db) {
  auto select = db.prepare("SELECT 1");
  if (!select) return select.error();
  return select->run();
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteStoreOptions& options) {
  std::unique_ptr<ProcessLock> lock;
  if (options.exclusive_process) {
    auto acquired = ProcessLock::acquire(options.path);
    if (!acquired) return acquired.error();
    lock = std::move(*acquired);
  }
  // The writer opens first: it creates the file and switches it to WAL, which the read-only
  // connections cannot do themselves.
  auto writer = Connection::open(options.path, Connection::Mode::Writer, options.busy_timeout_ms);
  if (!writer) return writer.error();
  auto readers = ReadPool::open(options.path, options.read_connections, options.busy_timeout_ms);
  if (!readers) return readers.error();
  auto checkpoint_connection =
      Connection::open(options.path, Connection::Mode::Writer, options.busy_timeout_ms);
  if (!checkpoint_connection) return checkpoint_connection.error();
  auto checkpointer = std::make_unique<Checkpointer>(std::move(*checkpoint_connection));
  (*writer)->onWalCommit(
      [target = checkpointer.get()](int wal_pages) { return target->walGrew(wal_pages); });
  auto queue = std::make_unique<WriteQueue>(std::move(*writer), options.max_queued_writes);
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(lock), std::move(checkpointer),
                                                      std::move(queue), std::move(*readers)));
}

SqliteStore::SqliteStore(std::unique_ptr<ProcessLock> lock,
                         std::unique_ptr<Checkpointer> checkpointer,
                         std::unique_ptr<WriteQueue> writer, std::unique_ptr<ReadPool> readers)
    : lock_(std::move(lock)),
      checkpointer_(std::move(checkpointer)),
      writer_(std::move(writer)),
      readers_(std::move(readers)) {}

SqliteStore::~SqliteStore() {
  // Queued writes complete first, while their callbacks may still read (and their commits
  // may still wake the checkpointer). Then the readers and the checkpointer close, so that
  // the write connection, closing last, checkpoints and removes the WAL.
  writer_->close();
  readers_.reset();
  checkpointer_.reset();
  writer_.reset();
}

template <typename T, typename Fn>
Result<T> SqliteStore::read(Fn fn) {
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("sqlite", "read");
  const std::int64_t start = monitoring::steadyMicros();
  ReadPool::Lease db = readers_->acquire();
  Result<T> result = fn(*db);
  monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
  return result;
}

template <typename T, typename Fn>
Result<T> SqliteStore::write(Fn fn) {
  // The caller's whole wait: the queue, the group commit and its fsync.
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("sqlite", "write");
  const std::int64_t start = monitoring::steadyMicros();
  Result<T> result = writer_->run<T>(std::move(fn));
  monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
  return result;
}

template <typename T, typename Fn>
void SqliteStore::writeThen(Fn fn, std::function<void(Result<T>)> done) {
  static const monitoring::DbCallMetrics metrics = monitoring::dbCallMetrics("sqlite", "write");
  const std::int64_t start = monitoring::steadyMicros();
  writer_->submit(std::make_unique<detail::ThenOp<T, Fn>>(
      std::move(fn), [start, done = std::move(done)](Result<T> result) {
        monitoring::recordDbCall(metrics, start, static_cast<bool>(result));
        done(std::move(result));
      }));
}

Result<int> SqliteStore::migrate() {
  return write<int>([](Connection& db) { return applyMigrations(db); });
}

Result<int> SqliteStore::schemaVersion() {
  return read<int>([](Connection& db) { return readSchemaVersion(db); });
}

Status SqliteStore::ping() {
  return read<void>([](Connection& db) { return pingDatabase(db); });
}

Result<std::vector<std::string>> SqliteStore::durabilityCaveats() {
  return std::vector<std::string>{};
}

Result<StoreStats> SqliteStore::stats() {
  return read<StoreStats>([](Connection& db) { return readStats(db); });
}

Result<std::int64_t> SqliteStore::countPendingOutbound(std::string_view organization_id) {
  return read<std::int64_t>(
      [organization_id](Connection& db) { return readPendingOutbound(db, organization_id); });
}

Result<OrganizationRecord> SqliteStore::createOrganization(OrganizationRecord organization) {
  auto written = write<OrganizationRecord>([&organization](Connection& db) {
    return sqlite::createOrganization(db, std::move(organization));
  });
  directoryChanged();
  return written;
}

Result<OrganizationRecord> SqliteStore::upsertOrganization(OrganizationRecord organization) {
  auto written = write<OrganizationRecord>([&organization](Connection& db) {
    return sqlite::upsertOrganization(db, std::move(organization));
  });
  directoryChanged();
  return written;
}

Result<std::optional<OrganizationRecord>> SqliteStore::findOrganization(std::string_view id) {
  return read<std::optional<OrganizationRecord>>(
      [id](Connection& db) { return sqlite::findOrganization(db, id); });
}

Result<std::optional<OrganizationRecord>> SqliteStore::findOrganizationByName(
    std::string_view name) {
  return read<std::optional<OrganizationRecord>>(
      [name](Connection& db) { return sqlite::findOrganizationByName(db, name); });
}

Result<ApiKeyRecord> SqliteStore::insertApiKey(ApiKeyRecord key) {
  return write<ApiKeyRecord>(
      [&key](Connection& db) { return sqlite::insertApiKey(db, std::move(key)); });
}

Result<std::optional<ApiKeyRecord>> SqliteStore::findApiKeyByHash(std::string_view key_hash) {
  return read<std::optional<ApiKeyRecord>>(
      [key_hash](Connection& db) { return sqlite::findApiKeyByHash(db, key_hash); });
}

Result<std::vector<ApiKeyRecord>> SqliteStore::listApiKeys(std::string_view organization_id) {
  return read<std::vector<ApiKeyRecord>>(
      [organization_id](Connection& db) { return sqlite::listApiKeys(db, organization_id); });
}

Result<ApiKeyRecord> SqliteStore::revokeApiKey(std::string_view id, UnixMillis at) {
  return write<ApiKeyRecord>([id, at](Connection& db) { return sqlite::revokeApiKey(db, id, at); });
}

Result<ChannelInstanceRecord> SqliteStore::upsertChannelInstance(ChannelInstanceRecord channel) {
  auto written = write<ChannelInstanceRecord>(
      [&channel](Connection& db) { return sqlite::upsertChannelInstance(db, std::move(channel)); });
  directoryChanged();
  return written;
}

Result<std::vector<ChannelInstanceRecord>> SqliteStore::listChannelInstances(
    std::string_view organization_id) {
  return read<std::vector<ChannelInstanceRecord>>([organization_id](Connection& db) {
    return sqlite::listChannelInstances(db, organization_id);
  });
}

Result<std::vector<ChannelInstanceRecord>> SqliteStore::listAllChannelInstances() {
  return read<std::vector<ChannelInstanceRecord>>(
      [](Connection& db) { return sqlite::listChannelInstances(db, std::nullopt); });
}

Result<std::optional<ChannelInstanceRecord>> SqliteStore::findChannelInstance(std::string_view id) {
  return read<std::optional<ChannelInstanceRecord>>(
      [id](Connection& db) { return sqlite::findChannelInstance(db, id); });
}

Status SqliteStore::updateChannelHealth(std::string_view id, std::string_view health_status,
                                        UnixMillis checked_at) {
  Status written = write<void>([=](Connection& db) {
    return sqlite::updateChannelHealth(db, id, health_status, checked_at);
  });
  directoryChanged();
  return written;
}

Status SqliteStore::setChannelStatus(std::string_view id, std::string_view status,
                                     std::optional<std::string> last_error) {
  Status written = write<void>([=, &last_error](Connection& db) {
    return sqlite::setChannelStatus(db, id, status, last_error);
  });
  directoryChanged();
  return written;
}

Status SqliteStore::recordCircuitBreakerEvent(const CircuitBreakerEventRecord& event) {
  return write<void>(
      [&event](Connection& db) { return sqlite::recordCircuitBreakerEvent(db, event); });
}

Result<std::vector<CircuitBreakerEventRecord>> SqliteStore::listCircuitBreakerEvents(
    std::string_view service_name, int limit) {
  return read<std::vector<CircuitBreakerEventRecord>>([service_name, limit](Connection& db) {
    return sqlite::listCircuitBreakerEvents(db, service_name, limit);
  });
}

Result<AcceptedMessage> SqliteStore::acceptOutbound(NewOutboundMessage message) {
  return write<AcceptedMessage>(
      [&message](Connection& db) { return sqlite::acceptOutbound(db, message); });
}

void SqliteStore::acceptOutboundAsync(NewOutboundMessage message, AcceptCallback done) {
  writeThen<AcceptedMessage>([message = std::move(message)](
                                 Connection& db) { return sqlite::acceptOutbound(db, message); },
                             std::move(done));
}

Result<IdempotencyOutcome> SqliteStore::beginIdempotentRequest(const IdempotentRequest& request) {
  return write<IdempotencyOutcome>(
      [&request](Connection& db) { return sqlite::beginIdempotentRequest(db, request); });
}

Status SqliteStore::completeIdempotentRequest(const IdempotencyKeyId& id, int status,
                                              std::string_view body) {
  return write<void>(
      [&](Connection& db) { return sqlite::completeIdempotentRequest(db, id, status, body); });
}

Status SqliteStore::releaseIdempotentRequest(const IdempotencyKeyId& id) {
  return write<void>([&id](Connection& db) { return sqlite::releaseIdempotentRequest(db, id); });
}

Result<int> SqliteStore::purgeIdempotencyKeysBefore(UnixMillis cutoff) {
  return write<int>(
      [cutoff](Connection& db) { return sqlite::purgeIdempotencyKeysBefore(db, cutoff); });
}

Result<std::optional<MessageRecord>> SqliteStore::findMessage(std::string_view id) {
  return read<std::optional<MessageRecord>>(
      [id](Connection& db) { return sqlite::findMessage(db, id); });
}

Result<std::vector<MessageRecord>> SqliteStore::claimDueOutbound(
    UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances) {
  return write<std::vector<MessageRecord>>([&](Connection& db) {
    return sqlite::claimDueOutbound(db, now, limit, owner, lease_until, skip_channel_instances);
  });
}

Result<AttemptApplied> SqliteStore::recordSendAttempt(const SendAttemptRecord& attempt) {
  return write<AttemptApplied>(
      [&attempt](Connection& db) { return sqlite::recordSendAttempt(db, attempt); });
}

Result<AttemptApplied> SqliteStore::advanceChannelPlan(const PlanAdvanceRecord& advance) {
  return write<AttemptApplied>(
      [&advance](Connection& db) { return sqlite::advanceChannelPlan(db, advance); });
}

Result<std::string> SqliteStore::listSendAttempts(std::string_view message_id) {
  return read<std::string>(
      [message_id](Connection& db) { return sqlite::listSendAttempts(db, message_id); });
}

Result<std::optional<ConversationPage>> SqliteStore::getConversation(
    std::string_view organization_id, std::string_view conversation_id, int limit,
    std::optional<std::string> before_message_id) {
  return read<std::optional<ConversationPage>>([&](Connection& db) {
    return readConversationPage(db, organization_id, conversation_id, limit, before_message_id);
  });
}

void SqliteStore::appendWebhookAsync(WebhookLogRecord record, WebhookAppendCallback done) {
  // The hot path: no promise, no waiting thread, no savepoint (one statement).
  auto append = [record = std::move(record)](Connection& db) mutable {
    return appendWebhook(db, record);
  };
  writer_->submit(std::make_unique<detail::ThenOp<WebhookAppend, decltype(append)>>(
      std::move(append), std::move(done), detail::OneStatement::Yes));
}

Result<std::vector<WebhookLogRecord>> SqliteStore::listUnprocessedWebhooks(int limit) {
  return read<std::vector<WebhookLogRecord>>(
      [limit](Connection& db) { return sqlite::listUnprocessedWebhooks(db, limit); });
}

Result<WebhookApplyCounts> SqliteStore::applyWebhookWork(const std::vector<WebhookWork>& batch) {
  return write<WebhookApplyCounts>(
      [&batch](Connection& db) { return sqlite::applyWebhookWork(db, batch); });
}

Result<int> SqliteStore::purgeEventKeysBefore(UnixMillis cutoff) {
  return write<int>([cutoff](Connection& db) { return sqlite::purgeEventKeysBefore(db, cutoff); });
}

Result<TemplateRecord> SqliteStore::createTemplate(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](Connection& db) { return sqlite::createTemplate(db, std::move(record)); });
}

Result<std::optional<TemplateRecord>> SqliteStore::findTemplate(std::string_view organization_id,
                                                                std::string_view id) {
  return read<std::optional<TemplateRecord>>([organization_id, id](Connection& db) {
    return sqlite::findTemplate(db, organization_id, id);
  });
}

Result<std::optional<TemplateRecord>> SqliteStore::findTemplateByName(
    std::string_view organization_id, std::string_view name, std::string_view language) {
  return read<std::optional<TemplateRecord>>([organization_id, name, language](Connection& db) {
    return sqlite::findTemplateByName(db, organization_id, name, language);
  });
}

Result<std::vector<TemplateRecord>> SqliteStore::listTemplates(std::string_view organization_id,
                                                               const TemplateFilter& filter) {
  return read<std::vector<TemplateRecord>>([organization_id, &filter](Connection& db) {
    return sqlite::listTemplates(db, organization_id, filter);
  });
}

Result<TemplateRecord> SqliteStore::updateTemplate(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](Connection& db) { return sqlite::updateTemplate(db, std::move(record)); });
}

Result<TemplateRecord> SqliteStore::upsertTemplateByName(TemplateRecord record) {
  return write<TemplateRecord>(
      [&record](Connection& db) { return sqlite::upsertTemplateByName(db, std::move(record)); });
}

Result<std::optional<TemplateRecord>> SqliteStore::setTemplateStatusByProviderId(
    std::string_view organization_id, std::string_view provider_template_id,
    domain::TemplateStatus status, std::optional<std::string> reason,
    std::optional<std::string> quality) {
  return write<std::optional<TemplateRecord>>([&](Connection& db) {
    return sqlite::setTemplateStatusByProviderId(db, organization_id, provider_template_id, status,
                                                 reason, quality);
  });
}

// --- media ---

Result<MediaSaved> SqliteStore::saveUploadedMedia(const NewMediaRecord& media) {
  return write<MediaSaved>(
      [&media](Connection& db) { return sqlite::saveUploadedMedia(db, media); });
}

Status SqliteStore::recordInboundMedia(const std::vector<NewMediaRecord>& media) {
  return write<void>([&media](Connection& db) { return sqlite::recordInboundMedia(db, media); });
}

Result<std::optional<MediaRecord>> SqliteStore::findMedia(std::string_view organization_id,
                                                          std::string_view media_id,
                                                          bool with_bytes) {
  return read<std::optional<MediaRecord>>(
      [&](Connection& db) { return sqlite::findMedia(db, organization_id, media_id, with_bytes); });
}

Status SqliteStore::setProviderMediaId(std::string_view organization_id, std::string_view media_id,
                                       std::string_view provider,
                                       std::string_view provider_media_id) {
  return write<void>([&](Connection& db) {
    return sqlite::setProviderMediaId(db, organization_id, media_id, provider, provider_media_id);
  });
}

Status SqliteStore::cacheMediaBytes(std::string_view organization_id, std::string_view media_id,
                                    std::string_view mime_type, std::string_view bytes) {
  return write<void>([&](Connection& db) {
    return sqlite::cacheMediaBytes(db, organization_id, media_id, mime_type, bytes);
  });
}

Result<int> SqliteStore::purgeMediaBytesBefore(UnixMillis cutoff) {
  return write<int>([cutoff](Connection& db) { return sqlite::purgeMediaBytesBefore(db, cutoff); });
}

// --- alerting (issue 12) ---

Result<bool> SqliteStore::acquireAlertLease(std::string_view name, std::string_view owner,
                                            UnixMillis now, UnixMillis expires_at) {
  return write<bool>(
      [&](Connection& db) { return sqlite::acquireAlertLease(db, name, owner, now, expires_at); });
}

Status SqliteStore::releaseAlertLease(std::string_view name, std::string_view owner) {
  return write<void>([&](Connection& db) { return sqlite::releaseAlertLease(db, name, owner); });
}

Result<std::vector<AlertStateRecord>> SqliteStore::listAlertStates() {
  return read<std::vector<AlertStateRecord>>(
      [](Connection& db) { return sqlite::listAlertStates(db); });
}

Status SqliteStore::saveAlertState(const AlertStateRecord& record) {
  return write<void>([&](Connection& db) { return sqlite::saveAlertState(db, record); });
}

Result<DeliveryOutcomeCounts> SqliteStore::countDeliveryOutcomes(UnixMillis since) {
  return read<DeliveryOutcomeCounts>(
      [since](Connection& db) { return sqlite::countDeliveryOutcomes(db, since); });
}

// --- health samples ---

int SqliteStore::latestSchemaVersion() const { return sqlite::latestSchemaVersion(); }

Status SqliteStore::insertHealthSamples(const std::vector<HealthSampleRecord>& samples) {
  return write<void>(
      [&samples](Connection& db) { return sqlite::insertHealthSamples(db, samples); });
}

Result<std::vector<HealthSampleRecord>> SqliteStore::listHealthSamples(
    const HealthSampleQuery& query) {
  return read<std::vector<HealthSampleRecord>>(
      [&query](Connection& db) { return sqlite::listHealthSamples(db, query); });
}

Result<int> SqliteStore::pruneHealthSamplesBefore(UnixMillis cutoff) {
  return write<int>(
      [cutoff](Connection& db) { return sqlite::pruneHealthSamplesBefore(db, cutoff); });
}

}  // namespace mensajero::storage::sqlite
