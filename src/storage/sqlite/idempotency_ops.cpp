#include "storage/sqlite/idempotency_ops.h"

#include <optional>
#include <string>

#include "storage/common/idempotency_decision.h"

namespace mensajero::storage::sqlite {
namespace {

using StoredKey = common::StoredIdempotencyKey;

Result<std::optional<StoredKey>> findKey(Connection& db, const IdempotencyKeyId& id) {
  auto select = db.prepare(
      "SELECT request_hash, state, response_status, response_body, message_id, locked_until, "
      "expires_at FROM idempotency_keys WHERE api_key_id = ?1 AND idempotency_key = ?2");
  if (!select) return select.error();
  select->bindText(1, id.api_key_id);
  select->bindText(2, id.key);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<StoredKey>{};
  StoredKey key;
  key.request_hash = select->text(0);
  key.completed = select->text(1) == "completed";
  key.response_status = static_cast<int>(select->integer(2));
  key.response_body = select->text(3);
  key.message_id = select->optText(4);
  key.locked_until = select->time(5);
  key.expires_at = select->time(6);
  return std::optional<StoredKey>{std::move(key)};
}

// Writes a fresh in-flight claim over whatever the key held (nothing, or an expired row).
Status claimFresh(Connection& db, const IdempotentRequest& request) {
  auto upsert = db.prepare(
      "INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, state, "
      "created_at, locked_until, expires_at) VALUES (?1, ?2, ?3, 'in_flight', ?4, ?5, ?6) "
      "ON CONFLICT (api_key_id, idempotency_key) DO UPDATE SET request_hash = excluded."
      "request_hash, state = 'in_flight', response_status = NULL, response_body = NULL, "
      "message_id = NULL, created_at = excluded.created_at, locked_until = excluded."
      "locked_until, expires_at = excluded.expires_at");
  if (!upsert) return upsert.error();
  upsert->bindText(1, request.id.api_key_id);
  upsert->bindText(2, request.id.key);
  upsert->bindText(3, request.request_hash);
  upsert->bindTime(4, request.now);
  upsert->bindTime(5, request.locked_until);
  upsert->bindTime(6, request.expires_at);
  return upsert->run();
}

Status renewLock(Connection& db, const IdempotentRequest& request) {
  auto update = db.prepare(
      "UPDATE idempotency_keys SET locked_until = ?3 WHERE api_key_id = ?1 AND "
      "idempotency_key = ?2");
  if (!update) return update.error();
  update->bindText(1, request.id.api_key_id);
  update->bindText(2, request.id.key);
  update->bindTime(3, request.locked_until);
  return update->run();
}

// Writes what the decision asks for.
Status execute(Connection& db, const IdempotentRequest& request, common::IdempotencyWrite write) {
  switch (write) {
    case common::IdempotencyWrite::ClaimAnew:
      return claimFresh(db, request);
    case common::IdempotencyWrite::RenewLock:
      return renewLock(db, request);
    case common::IdempotencyWrite::None:
      break;
  }
  return {};
}

}  // namespace

Result<IdempotencyOutcome> beginIdempotentRequest(Connection& db,
                                                  const IdempotentRequest& request) {
  auto stored = findKey(db, request.id);
  if (!stored) return stored.error();
  if (!*stored) {
    if (Status claimed = claimFresh(db, request); !claimed) return claimed.error();
    return IdempotencyOutcome{};  // Started
  }
  const common::IdempotencyDecision decision = common::decideIdempotency(**stored, request);
  Status written = execute(db, request, decision.write);
  if (!written) return written.error();
  return decision.outcome;
}

Status completeIdempotentRequest(Connection& db, const IdempotencyKeyId& id, int status,
                                 std::string_view body) {
  auto update = db.prepare(
      "UPDATE idempotency_keys SET state = 'completed', response_status = ?3, "
      "response_body = ?4 WHERE api_key_id = ?1 AND idempotency_key = ?2");
  if (!update) return update.error();
  update->bindText(1, id.api_key_id);
  update->bindText(2, id.key);
  update->bindInt(3, status);
  update->bindText(4, body);
  return update->run();
}

Status releaseIdempotentRequest(Connection& db, const IdempotencyKeyId& id) {
  auto remove = db.prepare(
      "DELETE FROM idempotency_keys WHERE api_key_id = ?1 AND idempotency_key = ?2 AND "
      "state = 'in_flight' AND message_id IS NULL");
  if (!remove) return remove.error();
  remove->bindText(1, id.api_key_id);
  remove->bindText(2, id.key);
  return remove->run();
}

Status linkIdempotencyKey(Connection& db, const IdempotencyKeyId& id, std::string_view message_id) {
  auto update = db.prepare(
      "UPDATE idempotency_keys SET message_id = ?3 WHERE api_key_id = ?1 AND "
      "idempotency_key = ?2");
  if (!update) return update.error();
  update->bindText(1, id.api_key_id);
  update->bindText(2, id.key);
  update->bindText(3, message_id);
  return update->run();
}

Result<int> purgeIdempotencyKeysBefore(Connection& db, UnixMillis cutoff) {
  auto remove = db.prepare("DELETE FROM idempotency_keys WHERE expires_at < ?1");
  if (!remove) return remove.error();
  remove->bindTime(1, cutoff);
  if (Status removed = remove->run(); !removed) return removed.error();
  return remove->changes();
}

}  // namespace mensajero::storage::sqlite
