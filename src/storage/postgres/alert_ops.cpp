#include "storage/postgres/alert_ops.h"

#include "storage/postgres/pg_params.h"
#include "storage/postgres/pg_sql.h"

namespace mensajero::storage::postgres {
namespace {

// Rows removed rules left behind are never many; the bound keeps a read bounded anyway.
constexpr int kMaxAlertStates = 1000;

}  // namespace

Result<bool> acquireAlertLease(PgConnection& db, std::string_view name, std::string_view owner,
                               UnixMillis now, UnixMillis expires_at) {
  // Racing inserts of a free lease: the unique key makes the second wait for the first's
  // commit, then evaluate the WHERE against the winner's row, which it does not pass.
  auto upserted = db.run(
      "INSERT INTO alert_leases (name, owner, expires_at) VALUES ($1, $2, $4::timestamptz) "
      "ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at "
      "WHERE alert_leases.owner = EXCLUDED.owner OR alert_leases.expires_at < $3::timestamptz "
      "RETURNING owner",
      PgParams().text(name).text(owner).time(now).time(expires_at));
  if (!upserted) return upserted.error();
  return !upserted->empty();
}

Status releaseAlertLease(PgConnection& db, std::string_view name, std::string_view owner) {
  auto removed = db.run("DELETE FROM alert_leases WHERE name = $1 AND owner = $2",
                        PgParams().text(name).text(owner));
  if (!removed) return removed.error();
  return {};
}

Result<std::vector<AlertStateRecord>> listAlertStates(PgConnection& db) {
  auto rows = db.run("SELECT rule_name, phase, " PG_MILLIS("since") ", dedup_key, " PG_MILLIS(
                         "last_notified_at") ", " PG_MILLIS("updated_at") " FROM alert_states "
                                                                          "ORDER BY rule_name "
                                                                          "LIMIT $1",
                     PgParams().integer(kMaxAlertStates));
  if (!rows) return rows.error();
  std::vector<AlertStateRecord> states;
  for (int row = 0; row < rows->rows(); ++row) {
    AlertStateRecord state;
    state.rule_name = rows->text(row, 0);
    state.phase = rows->text(row, 1);
    state.since = rows->time(row, 2);
    state.dedup_key = rows->text(row, 3);
    state.last_notified_at = rows->optTime(row, 4);
    state.updated_at = rows->time(row, 5);
    states.push_back(std::move(state));
  }
  return states;
}

Status saveAlertState(PgConnection& db, const AlertStateRecord& record) {
  auto saved = db.run(
      "INSERT INTO alert_states (rule_name, phase, since, dedup_key, last_notified_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (rule_name) DO UPDATE SET "
      "phase = EXCLUDED.phase, since = EXCLUDED.since, dedup_key = EXCLUDED.dedup_key, "
      "last_notified_at = EXCLUDED.last_notified_at, updated_at = EXCLUDED.updated_at",
      PgParams()
          .text(record.rule_name)
          .text(record.phase)
          .time(record.since)
          .text(record.dedup_key)
          .optTime(record.last_notified_at)
          .time(record.updated_at));
  if (!saved) return saved.error();
  return {};
}

Result<DeliveryOutcomeCounts> countDeliveryOutcomes(PgConnection& db, UnixMillis since) {
  auto rows = db.run(
      "SELECT COUNT(*) FILTER (WHERE delivery_status IN ('delivered', 'read')), "
      "COUNT(*) FILTER (WHERE delivery_status IN ('failed', 'rejected')) FROM messages "
      "WHERE delivery_status IN ('delivered', 'read', 'failed', 'rejected') "
      "AND created_at >= $1::timestamptz AND direction = 'outbound'",
      PgParams().time(since));
  if (!rows) return rows.error();
  DeliveryOutcomeCounts counts;
  if (!rows->empty()) {
    counts.delivered = rows->integer(0, 0);
    counts.failed = rows->integer(0, 1);
  }
  return counts;
}

}  // namespace mensajero::storage::postgres
