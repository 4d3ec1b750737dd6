#include "storage/sqlite/webhook_ops.h"

#include <algorithm>
#include <optional>

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

Status applyStatuses(Connection& db, const WebhookWork& work, std::optional<UnixMillis> seen_at,
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

Status applyInbound(Connection& db, const WebhookWork& work, std::optional<UnixMillis> seen_at,
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

Result<int> purgeEventKeysBefore(Connection& db, UnixMillis cutoff) {
  auto remove = db.prepare("DELETE FROM webhook_events WHERE processed_at < ?1");
  if (!remove) return remove.error();
  remove->bindTime(1, cutoff);
  if (Status removed = remove->run(); !removed) return removed.error();
  return remove->changes();
}

}  // namespace mensajero::storage::sqlite
