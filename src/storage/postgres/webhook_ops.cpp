#include "storage/postgres/webhook_ops.h"

#include <algorithm>
#include <optional>

#include "storage/common/webhook_batch.h"
#include "storage/postgres/account_ops.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"
#include "storage/postgres/webhook_events.h"

namespace mensajero::storage::postgres {
namespace {

Result<std::optional<UnixMillis>> receivedAt(PgConnection& db, const std::string& webhook_log_id) {
  if (webhook_log_id.empty()) return std::optional<UnixMillis>();
  return queryOne(db, "SELECT " PG_MILLIS("received_at") " FROM webhook_logs WHERE id = $1",
                  PgParams().id(webhook_log_id),
                  [](const PgResult& rows, int row) { return rows.time(row, 0); });
}

// Deferred: sent with the next webhook's first statement, or with the COMMIT.
Status markProcessed(PgConnection& db, const WebhookWork& work, UnixMillis received_at) {
  return db.runDeferred(
      "UPDATE webhook_logs SET status = $2, error_message = $3, processing_time_ms = $4, "
      "processed_at = $5 WHERE id = $1",
      PgParams()
          .id(work.webhook_log_id)
          .text(work.status)
          .optText(work.error_message)
          .integer(work.processing_time_ms)
          .time(received_at + work.processing_time_ms));
}

// The store's half of common::applyWebhookWork.
class BatchSteps final : public common::WebhookBatchSteps {
 public:
  explicit BatchSteps(PgConnection& db) : db_(db) {}

  Status validateInbound(const InboundEvent& event) override {
    return postgres::validateInbound(event);
  }
  Result<std::optional<UnixMillis>> receivedAt(const std::string& webhook_log_id) override {
    return postgres::receivedAt(db_, webhook_log_id);
  }
  Result<StatusOutcome> applyStatus(const StatusEvent& event, UnixMillis seen_at) override {
    return applyStatusEvent(db_, event, seen_at);
  }
  Result<InboundOutcome> applyInbound(const InboundEvent& event, UnixMillis seen_at) override {
    return applyInboundEvent(db_, event, seen_at);
  }
  Status markProcessed(const WebhookWork& work, UnixMillis received_at) override {
    return postgres::markProcessed(db_, work, received_at);
  }

 private:
  PgConnection& db_;
};

}  // namespace

Status validateWebhook(const WebhookLogRecord& record) {
  if (Status id = requireNewId(record.id, "webhook log"); !id) return id;
  if (!record.organization_id.empty() && !isUuid(record.organization_id)) {
    return makeError(ErrorCategory::Invalid, "invalid_record", "organization id is not a UUID");
  }
  return {};
}

namespace {

constexpr const char* kAppendWebhookSql =
    "INSERT INTO webhook_logs (id, organization_id, provider, event_type, payload, "
    "payload_hash, status, error_message, processing_time_ms, received_at, timestamp) "
    "VALUES (coalesce($1::uuid, mensajero_uuid_v7()), $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$10) ON CONFLICT (organization_id, payload_hash) DO NOTHING RETURNING 1";

PgParams appendWebhookParams(const WebhookLogRecord& record) {
  PgParams params;
  params.id(record.id)
      .id(record.organization_id)
      .text(record.provider)
      .text(record.event_type)
      .bytesRef(record.payload)  // the largest field: sent as is, without a copy or escaping
      .textOrNull(record.payload_hash)
      .text(record.status)
      .optText(record.error_message);
  if (record.processing_time_ms) {
    params.integer(*record.processing_time_ms);
  } else {
    params.null();
  }
  params.time(record.received_at);
  return params;
}

}  // namespace

Result<WebhookAppend> appendWebhook(PgConnection& db, const WebhookLogRecord& record) {
  if (Status valid = validateWebhook(record); !valid) return valid.error();
  auto inserted = db.run(kAppendWebhookSql, appendWebhookParams(record));
  if (!inserted) return inserted.error();
  return inserted->empty() ? WebhookAppend::Duplicate : WebhookAppend::Inserted;
}

Result<std::vector<std::optional<Result<WebhookAppend>>>> appendWebhooks(
    PgConnection& db, const std::vector<WebhookLogRecord*>& records) {
  // The inserts are pipelined: one round trip for the batch, not one per webhook.
  std::vector<PgParams> inserts;
  inserts.reserve(records.size());
  for (const WebhookLogRecord* record : records) {
    if (Status valid = validateWebhook(*record); !valid) return valid.error();
    inserts.push_back(appendWebhookParams(*record));
  }
  auto inserted = db.runPipelined(kAppendWebhookSql, inserts);
  if (!inserted) return inserted.error();
  std::vector<std::optional<Result<WebhookAppend>>> outcomes;
  outcomes.reserve(records.size());
  for (const PgResult& rows : *inserted) {
    outcomes.emplace_back(rows.empty() ? WebhookAppend::Duplicate : WebhookAppend::Inserted);
  }
  return outcomes;
}

Result<std::vector<WebhookLogRecord>> listUnprocessedWebhooks(PgConnection& db, int limit) {
  return queryAll(db,
                  "SELECT " MENSAJERO_PG_WEBHOOK_COLUMNS
                  " FROM webhook_logs WHERE status = 'received' "
                  "ORDER BY timestamp, seq LIMIT $1",
                  PgParams().integer(std::max(limit, 0)), readWebhook);
}

Result<WebhookApplyCounts> applyWebhookWork(PgConnection& db,
                                            const std::vector<WebhookWork>& batch) {
  BatchSteps steps(db);
  return common::applyWebhookWork(steps, batch);
}

Result<int> purgeEventKeysBefore(PgConnection& db, UnixMillis cutoff, int limit) {
  auto removed = db.run(
      "DELETE FROM webhook_events WHERE ctid = ANY(ARRAY(SELECT ctid FROM webhook_events "
      "WHERE processed_at < $1 LIMIT $2))",
      PgParams().time(cutoff).integer(limit));
  if (!removed) return removed.error();
  return removed->affected();
}

}  // namespace mensajero::storage::postgres
