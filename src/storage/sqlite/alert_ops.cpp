#include "storage/sqlite/alert_ops.h"

namespace mensajero::storage::sqlite {
namespace {

// Rows removed rules left behind are never many; the bound keeps a read bounded anyway.
constexpr int kMaxAlertStates = 1000;

}  // namespace

Result<bool> acquireAlertLease(Connection& db, std::string_view name, std::string_view owner,
                               UnixMillis now, UnixMillis expires_at) {
  // ISO-8601 text of fixed width compares like the time it names.
  auto upsert = db.prepare(
      "INSERT INTO alert_leases (name, owner, expires_at) VALUES (?1, ?2, ?4) "
      "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at "
      "WHERE alert_leases.owner = excluded.owner OR alert_leases.expires_at < ?3");
  if (!upsert) return upsert.error();
  upsert->bindText(1, name);
  upsert->bindText(2, owner);
  upsert->bindTime(3, now);
  upsert->bindTime(4, expires_at);
  if (auto ran = upsert->run(); !ran) return ran.error();
  return upsert->changes() == 1;
}

Status releaseAlertLease(Connection& db, std::string_view name, std::string_view owner) {
  auto remove = db.prepare("DELETE FROM alert_leases WHERE name = ?1 AND owner = ?2");
  if (!remove) return remove.error();
  remove->bindText(1, name);
  remove->bindText(2, owner);
  return remove->run();
}

Result<std::vector<AlertStateRecord>> listAlertStates(Connection& db) {
  auto select = db.prepare(
      "SELECT rule_name, phase, since, dedup_key, last_notified_at, updated_at FROM alert_states "
      "ORDER BY rule_name LIMIT ?1");
  if (!select) return select.error();
  select->bindInt(1, kMaxAlertStates);
  std::vector<AlertStateRecord> states;
  for (;;) {
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return states;
    AlertStateRecord state;
    state.rule_name = select->text(0);
    state.phase = select->text(1);
    state.since = select->time(2);
    state.dedup_key = select->text(3);
    state.last_notified_at = select->optTime(4);
    state.updated_at = select->time(5);
    states.push_back(std::move(state));
  }
}

Status saveAlertState(Connection& db, const AlertStateRecord& record) {
  auto upsert = db.prepare(
      "INSERT INTO alert_states (rule_name, phase, since, dedup_key, last_notified_at, "
      "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(rule_name) DO UPDATE SET "
      "phase = excluded.phase, since = excluded.since, dedup_key = excluded.dedup_key, "
      "last_notified_at = excluded.last_notified_at, updated_at = excluded.updated_at");
  if (!upsert) return upsert.error();
  upsert->bindText(1, record.rule_name);
  upsert->bindText(2, record.phase);
  upsert->bindTime(3, record.since);
  upsert->bindText(4, record.dedup_key);
  upsert->bindOptTime(5, record.last_notified_at);
  upsert->bindTime(6, record.updated_at);
  return upsert->run();
}

Result<DeliveryOutcomeCounts> countDeliveryOutcomes(Connection& db, UnixMillis since) {
  // The IN list and the bound on created_at use idx_messages_status_created.
  auto select = db.prepare(
      "SELECT COALESCE(SUM(delivery_status IN ('delivered', 'read')), 0), "
      "COALESCE(SUM(delivery_status IN ('failed', 'rejected')), 0) FROM messages "
      "WHERE delivery_status IN ('delivered', 'read', 'failed', 'rejected') "
      "AND created_at >= ?1 AND direction = 'outbound'");
  if (!select) return select.error();
  select->bindTime(1, since);
  auto row = select->next();
  if (!row) return row.error();
  DeliveryOutcomeCounts counts;
  if (*row) {
    counts.delivered = select->integer(0);
    counts.failed = select->integer(1);
  }
  return counts;
}

}  // namespace mensajero::storage::sqlite
