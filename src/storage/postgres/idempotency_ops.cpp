#include "storage/postgres/idempotency_ops.h"

#include <optional>
#include <string>

#include "storage/common/idempotency_decision.h"
#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

using StoredKey = common::StoredIdempotencyKey;

StoredKey readStoredKey(const PgResult& rows, int row) {
  StoredKey key;
  key.request_hash = rows.text(row, 0);
  key.completed = rows.text(row, 1) == "completed";
  key.response_status = static_cast<int>(rows.integer(row, 2));
  key.response_body = rows.text(row, 3);
  key.message_id = rows.optText(row, 4);
  key.locked_until = rows.time(row, 5);
  key.expires_at = rows.time(row, 6);
  return key;
}

// True when this call created the claim; false when the key already had a row (after waiting
// for a concurrent claimer's transaction to end).
Result<bool> insertClaim(PgConnection& db, const IdempotentRequest& request) {
  auto inserted = db.run(
      "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, "
      "created_at, locked_until, expires_at) VALUES ($1, $2, $3, 'in_flight', $4, $5, $6) "
      "ON CONFLICT (api_key_id, idempotency_key) DO NOTHING RETURNING 1",
      PgParams()
          .id(request.id.api_key_id)
          .text(request.id.key)
          .text(request.request_hash)
          .time(request.now)
          .time(request.locked_until)
          .time(request.expires_at));
  if (!inserted) return inserted.error();
  return !inserted->empty();
}

Result<std::optional<StoredKey>> lockKey(PgConnection& db, const IdempotencyKeyId& id) {
  return queryOne(db,
                  "SELECT request_hash, state, response_status, response_body, message_id, "
                  PG_MILLIS("locked_until") ", " PG_MILLIS("expires_at")
                  " FROM idempotency_keys WHERE api_key_id = $1 AND idempotency_key = $2 "
                  "FOR UPDATE",
                  PgParams().id(id.api_key_id).text(id.key), readStoredKey);
}

// Writes a fresh in-flight claim over an expired row.
Status reclaimExpired(PgConnection& db, const IdempotentRequest& request) {
  auto updated = db.run(
      "UPDATE idempotency_keys SET request_hash = $3, state = 'in_flight', "
      "response_status = NULL, response_body = NULL, message_id = NULL, created_at "
      "= $4, locked_until = $5, expires_at = $6 WHERE api_key_id = $1 AND idempotency_key = $2",
      PgParams()
          .id(request.id.api_key_id)
          .text(request.id.key)
          .text(request.request_hash)
          .time(request.now)
          .time(request.locked_until)
          .time(request.expires_at));
  if (!updated) return updated.error();
  return {};
}

Status renewLock(PgConnection& db, const IdempotentRequest& request) {
  auto updated = db.run(
      "UPDATE idempotency_keys SET locked_until = $3 WHERE api_key_id = $1 AND idempotency_key = "
      "$2",
      PgParams().id(request.id.api_key_id).text(request.id.key).time(request.locked_until));
  if (!updated) return updated.error();
  return {};
}

// Writes what the decision asks for.
Status execute(PgConnection& db, const IdempotentRequest& request, common::IdempotencyWrite write) {
  switch (write) {
    case common::IdempotencyWrite::ClaimAnew:
      return reclaimExpired(db, request);
    case common::IdempotencyWrite::RenewLock:
      return renewLock(db, request);
    case common::IdempotencyWrite::None:
      break;
  }
  return {};
}

// The answer for a key that has a row, which the caller holds locked.
Result<IdempotencyOutcome> decide(PgConnection& db, const IdempotentRequest& request,
                                  const StoredKey& key) {
  const common::IdempotencyDecision decision = common::decideIdempotency(key, request);
  Status written = execute(db, request, decision.write);
  if (!written) return written.error();
  return decision.outcome;
}

}  // namespace

Result<IdempotencyOutcome> beginIdempotentRequest(PgConnection& db,
                                                  const IdempotentRequest& request) {
  if (!isUuid(request.id.api_key_id)) {
    return makeError(ErrorCategory::Invalid, "invalid_record", "api key id is not a UUID");
  }
  // A row can vanish between the two statements (released or purged by another process);
  // then the insert is tried again.
  for (int round = 0; round < 3; ++round) {
    auto inserted = insertClaim(db, request);
    if (!inserted) return inserted.error();
    if (*inserted) return IdempotencyOutcome{};  // Started
    auto stored = lockKey(db, request.id);
    if (!stored) return stored.error();
    if (*stored) return decide(db, request, **stored);
  }
  return makeError(ErrorCategory::Unavailable, "db_unavailable",
                   "database: idempotency key keeps changing under the claim");
}

Status completeIdempotentRequest(PgConnection& db, const IdempotencyKeyId& id, int status,
                                 std::string_view body) {
  auto updated = db.run(
      "UPDATE idempotency_keys SET state = 'completed', response_status = $3, "
      "response_body = $4 WHERE api_key_id = $1 AND idempotency_key = $2",
      PgParams().id(id.api_key_id).text(id.key).integer(status).text(body));
  if (!updated) return updated.error();
  return {};
}

Status releaseIdempotentRequest(PgConnection& db, const IdempotencyKeyId& id) {
  auto removed = db.run(
      "DELETE FROM idempotency_keys WHERE api_key_id = $1 AND idempotency_key = $2 AND "
      "state = 'in_flight' AND message_id IS NULL",
      PgParams().id(id.api_key_id).text(id.key));
  if (!removed) return removed.error();
  return {};
}

Status linkIdempotencyKey(PgConnection& db, const IdempotencyKeyId& id,
                          std::string_view message_id) {
  auto updated = db.run(
      "UPDATE idempotency_keys SET message_id = $3 WHERE api_key_id = $1 AND "
      "idempotency_key = $2",
      PgParams().id(id.api_key_id).text(id.key).id(message_id));
  if (!updated) return updated.error();
  return {};
}

Result<int> purgeIdempotencyKeysBefore(PgConnection& db, UnixMillis cutoff, int limit) {
  auto removed = db.run(
      "DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys "
      "WHERE expires_at < $1 LIMIT $2))",
      PgParams().time(cutoff).integer(limit));
  if (!removed) return removed.error();
  return removed->affected();
}

}  // namespace mensajero::storage::postgres
