#include "storage/postgres/webhook_ops.h"

#include <algorithm>
#include <optional>

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

Status markProcessed(PgConnection& db, const WebhookWork& work, UnixMillis received_at) {
  auto updated = db.run(
      "UPDATE webhook_logs SET status = $2, error_message = $3, processing_time_ms = $4, "
      "processed_at = $5 WHERE id = $1",
      PgParams()
          .id(work.webhook_log_id)
          .text(work.status)
          .optText(work.error_message)
          .integer(work.processing_time_ms)
          .time(received_at + work.processing_time_ms));
  if (!updated) return updated.error();
  return {};
}

Status applyStatuses(PgConnection& db, const WebhookWork& work, std::optional<UnixMillis> seen_at,
                     WebhookApplyCounts& counts) {
  for (const StatusEvent& event : work.statuses) {
    auto outcome = applyStatusEvent(db, event, seen_at.value_or(event.at));
    if (!outcome) return outcome.error();
    switch (*outcome) {
      case StatusOutcome::Applied:
        ++counts.statuses_applied;
        break;
      case StatusOutcome::Ignored:
        ++counts.statuses_ignored;
        break;
      case StatusOutcome::Unmatched:
        ++counts.statuses_unmatched;
        break;
      case StatusOutcome::Refused:
        ++counts.statuses_refused;
        break;
    }
  }
  return {};
}

Status applyInbound(PgConnection& db, const WebhookWork& work, std::optional<UnixMillis> seen_at,
                    WebhookApplyCounts& counts) {
  for (const InboundEvent& event : work.inbound) {
    auto outcome = applyInboundEvent(db, event, seen_at.value_or(event.at));
    if (!outcome) return outcome.error();
    if (*outcome == InboundOutcome::Inserted) {
      ++counts.inbound_inserted;
    } else if (*outcome == InboundOutcome::Recorded) {
      ++counts.inbound_events_recorded;
    } else {
      ++counts.inbound_duplicates;
    }
  }
  return {};
}

}  // namespace

Status validateWebhook(const WebhookLogRecord& record) {
  if (Status id = requireNewId(record.id, "webhook log"); !id) return id;
  if (!record.organization_id.empty() && !isUuid(record.organization_id)) {
    return makeError(ErrorCategory::Invalid, "invalid_record", "organization id is not a UUID");
  }
  return {};
}

Result<WebhookAppend> appendWebhook(PgConnection& db, const WebhookLogRecord& record) {
  if (Status valid = validateWebhook(record); !valid) return valid.error();
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
  auto inserted = db.run(
      "INSERT INTO webhook_logs (id, organization_id, provider, event_type, payload, "
      "payload_hash, status, error_message, processing_time_ms, received_at, timestamp) "
      "VALUES (coalesce($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) ON "
      "CONFLICT (organization_id, payload_hash) DO NOTHING RETURNING 1",
      params);
  if (!inserted) return inserted.error();
  return inserted->empty() ? WebhookAppend::Duplicate : WebhookAppend::Inserted;
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
  for (const WebhookWork& work : batch) {
    for (const InboundEvent& event : work.inbound) {
      if (Status valid = validateInbound(event); !valid) return valid.error();
    }
  }
  WebhookApplyCounts counts;
  for (const WebhookWork& work : batch) {
    auto received = receivedAt(db, work.webhook_log_id);
    if (!received) return received.error();
    if (Status applied = applyStatuses(db, work, *received, counts); !applied) {
      return applied.error();
    }
    if (Status applied = applyInbound(db, work, *received, counts); !applied) {
      return applied.error();
    }
    if (*received) {
      if (Status marked = markProcessed(db, work, **received); !marked) return marked.error();
    }
  }
  return counts;
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
