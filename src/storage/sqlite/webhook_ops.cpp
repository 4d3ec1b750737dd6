#include "storage/sqlite/webhook_ops.h"

#include <algorithm>
#include <optional>

#include "storage/common/webhook_batch.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/rows.h"
#include "storage/sqlite/webhook_events.h"

namespace mensajero::storage::sqlite {
namespace {

Result<std::optional<UnixMillis>> receivedAt(Connection& db, const std::string& webhook_log_id) {
  if (webhook_log_id.empty()) return std::optional<UnixMillis>();
  auto select = db.prepare("SELECT received_at FROM webhook_logs WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, webhook_log_id);
  return queryOne(*select, [](const Statement& row) { return row.time(0); });
}

Status markProcessed(Connection& db, const WebhookWork& work, UnixMillis received_at) {
  auto update = db.prepare(
      "UPDATE webhook_logs SET status = ?2, error_message = ?3, processing_time_ms = ?4, "
      "processed_at = ?5 WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, work.webhook_log_id);
  update->bindText(2, work.status);
  update->bindOptText(3, work.error_message);
  update->bindInt(4, work.processing_time_ms);
  update->bindTime(5, received_at + work.processing_time_ms);
  return update->run();
}

// The store's half of common::applyWebhookWork.
class BatchSteps final : public common::WebhookBatchSteps {
 public:
  explicit BatchSteps(Connection& db) : db_(db) {}

  Status validateInbound(const InboundEvent& event) override {
    return sqlite::validateInbound(event);
  }
  Result<std::optional<UnixMillis>> receivedAt(const std::string& webhook_log_id) override {
    return sqlite::receivedAt(db_, webhook_log_id);
  }
  Result<StatusOutcome> applyStatus(const StatusEvent& event, UnixMillis seen_at) override {
    return applyStatusEvent(db_, event, seen_at);
  }
  Result<InboundOutcome> applyInbound(const InboundEvent& event, UnixMillis seen_at) override {
    return applyInboundEvent(db_, event, seen_at);
  }
  Status markProcessed(const WebhookWork& work, UnixMillis received_at) override {
    return sqlite::markProcessed(db_, work, received_at);
  }

 private:
  Connection& db_;
};

}  // namespace

Result<WebhookAppend> appendWebhook(Connection& db, WebhookLogRecord& record) {
  if (record.id.empty()) record.id = newId();
  auto insert = db.prepare(
      "INSERT INTO webhook_logs (id, organization_id, provider, event_type, payload, "
      "payload_hash, status, error_message, processing_time_ms, received_at, timestamp) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
      "ON CONFLICT (organization_id, payload_hash) DO NOTHING");
  if (!insert) return insert.error();
  insert->bindText(1, record.id);
  insert->bindTextOrNull(2, record.organization_id);
  insert->bindText(3, record.provider);
  insert->bindText(4, record.event_type);
  insert->bindTextRef(5, record.payload);  // the largest field: bound without a copy
  insert->bindTextOrNull(6, record.payload_hash);
  insert->bindText(7, record.status);
  insert->bindOptText(8, record.error_message);
  if (record.processing_time_ms) {
    insert->bindInt(9, *record.processing_time_ms);
  } else {
    insert->bindNull(9);
  }
  insert->bindTime(10, record.received_at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return insert->changes() > 0 ? WebhookAppend::Inserted : WebhookAppend::Duplicate;
}

Result<std::vector<WebhookLogRecord>> listUnprocessedWebhooks(Connection& db, int limit) {
  auto select = db.prepare("SELECT " MENSAJERO_WEBHOOK_COLUMNS
                           " FROM webhook_logs WHERE status = 'received' "
                           "ORDER BY timestamp, rowid LIMIT ?1");
  if (!select) return select.error();
  select->bindInt(1, std::max(limit, 0));
  return queryAll(*select, readWebhook);
}

Result<WebhookApplyCounts> applyWebhookWork(Connection& db, const std::vector<WebhookWork>& batch) {
  BatchSteps steps(db);
  return common::applyWebhookWork(steps, batch);
}

Result<int> purgeEventKeysBefore(Connection& db, UnixMillis cutoff) {
  auto remove = db.prepare("DELETE FROM webhook_events WHERE processed_at < ?1");
  if (!remove) return remove.error();
  remove->bindTime(1, cutoff);
  if (Status removed = remove->run(); !removed) return removed.error();
  return remove->changes();
}

}  // namespace mensajero::storage::sqlite
