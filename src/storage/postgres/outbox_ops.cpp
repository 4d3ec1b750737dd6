#include "storage/postgres/outbox_ops.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/common/initial_lease.h"
#include "storage/common/record_validation.h"
#include "storage/postgres/accept_batch.h"
#include "storage/postgres/account_ops.h"
#include "storage/postgres/conversation_ops.h"
#include "storage/postgres/idempotency_ops.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_message", std::move(message));
}

Status validate(const NewOutboundMessage& m) {
  if (Status valid = common::validateOutbound(m); !valid) return valid;
  if (m.channel_instance_id && !isUuid(*m.channel_instance_id)) {
    return invalid("channel instance id is not a UUID");
  }
  return {};
}

// The message's columns after conversation_id, as insertOutbound binds them from $2 on;
// kOneStatementAccept binds the same list from $8 on.
PgParams& bindOutboundColumns(PgParams& params, const NewOutboundMessage& m) {
  const common::InitialLease lease = common::initialLease(m);
  return params.text(m.content)
      .text(m.message_type)
      .text(m.metadata)
      .time(m.created_at)
      .optId(m.channel_instance_id)
      .text(m.recipient)
      .text(domain::toText(m.priority))
      .integer(lease.attempts)
      .time(m.next_attempt_at)
      .textOrNull(lease.owner)
      .optTime(lease.until)
      .text(m.channel_plan)
      .integer(m.plan_step)
      .optId(m.template_id);
}

Result<std::string> insertOutbound(PgConnection& db, const NewOutboundMessage& m,
                                   const std::string& conversation_id) {
  PgParams params;
  params.id(conversation_id);
  auto inserted = db.run(
      "INSERT INTO messages (conversation_id, direction, content, message_type, "
      "delivery_status, metadata, created_at, channel_instance_id, recipient, priority, "
      "attempts, next_attempt_at, lease_owner, lease_until, channel_plan, plan_step, "
      "template_id) VALUES "
      "($1, 'outbound', $2, $3, 'pending', $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
      "$14, $15) RETURNING id",
      bindOutboundColumns(params, m));
  if (!inserted) return inserted.error();
  return inserted->text(0, 0);
}

// acceptOutbound's common cases in one statement (issue 13: the statements one at a time were
// eight round trips for a new recipient, and the accepts on PostgreSQL a fifth of SQLite's; the
// accept writer's batches use its many-row form, accept_batch.cpp). It inserts the message into
//   - the conversation of the key when that has a patient, filling in the patient's missing
//     fields as fillPatient does;
//   - or a new conversation with a new patient, when the organization has neither that
//     conversation nor a patient with that phone number.
// Every other case returns no row and writes nothing, and the caller goes the long way:
// a conversation without a patient, a patient known by the phone number, an unknown
// organization, or a conversation a concurrent transaction created first (ON CONFLICT waits for
// it and then inserts nothing; this statement's snapshot cannot see its row).
// The patient's id is drawn before its row is inserted, so that the conversation can name it
// and no patient is created when the conversation is not; the foreign keys are checked at the
// end of the statement, when both rows exist. $1 organization, $2 channel type, $3 identifier,
// $4 time, $5-$7 the patient's phone, name and WhatsApp id, $8-$21 the message's columns.
constexpr const char* kOneStatementAccept =
    "WITH found AS (SELECT c.id, c.patient_id FROM message_conversations c "
    "WHERE c.organization_id = $1::uuid AND c.channel_type = $2::text "
    "AND c.channel_identifier = $3::text), "
    "filled AS (UPDATE patients p SET name = coalesce(p.name, $6::text), "
    "phone = coalesce(p.phone, $5::text), whatsapp_id = coalesce(p.whatsapp_id, $7::text), "
    "updated_at = $4::timestamptz FROM found WHERE p.id = found.patient_id AND "
    "((p.name IS NULL AND $6::text IS NOT NULL) OR (p.phone IS NULL AND $5::text IS NOT NULL) "
    "OR (p.whatsapp_id IS NULL AND $7::text IS NOT NULL))), "
    "created AS (INSERT INTO message_conversations (organization_id, channel_type, "
    "channel_identifier, status, metadata, created_at, updated_at, patient_id) "
    "SELECT $1::uuid, $2::text, $3::text, 'active', '{}', $4::timestamptz, $4::timestamptz, "
    "mensajero_uuid_v7() WHERE NOT EXISTS (SELECT 1 FROM found) "
    "AND EXISTS (SELECT 1 FROM organizations WHERE id = $1::uuid) "
    "AND ($5::text IS NULL OR NOT EXISTS (SELECT 1 FROM patients "
    "WHERE organization_id = $1::uuid AND phone = $5::text)) "
    "ON CONFLICT (organization_id, channel_type, channel_identifier) DO NOTHING "
    "RETURNING id, patient_id), "
    "patient AS (INSERT INTO patients (id, organization_id, name, phone, whatsapp_id, "
    "created_at, updated_at) SELECT patient_id, $1::uuid, $6::text, $5::text, $7::text, "
    "$4::timestamptz, $4::timestamptz FROM created), "
    "target AS (SELECT id FROM found WHERE patient_id IS NOT NULL "
    "UNION ALL SELECT id FROM created), "
    "inserted AS (INSERT INTO messages (conversation_id, direction, content, message_type, "
    "delivery_status, metadata, created_at, channel_instance_id, recipient, priority, "
    "attempts, next_attempt_at, lease_owner, lease_until, channel_plan, plan_step, "
    "template_id) SELECT target.id, 'outbound', $8::text, $9::text, 'pending', $10::jsonb, "
    "$11::timestamptz, $12::uuid, $13::text, $14::text, $15::integer, $16::timestamptz, "
    "$17::text, $18::timestamptz, $19::text, $20::integer, $21::uuid FROM target "
    "RETURNING id, conversation_id) "
    "SELECT id, conversation_id FROM inserted";

PgParams oneStatementParams(const NewOutboundMessage& m) {
  PgParams params;
  params.id(m.organization_id)
      .text(domain::toText(m.channel_type))
      .text(m.channel_identifier)
      .time(m.created_at)
      .textOrNull(m.patient.phone)
      .textOrNull(m.patient.name)
      .textOrNull(m.patient.whatsapp_id);
  bindOutboundColumns(params, m);
  return params;
}

// kOneStatementAccept for `m`: the accepted message, or nullopt when the statement wrote
// nothing and the long way must run. Only for a message fitsOneStatement.
Result<std::optional<AcceptedMessage>> acceptInOneStatement(PgConnection& db,
                                                            const NewOutboundMessage& m) {
  return queryOne(db, kOneStatementAccept, oneStatementParams(m),
                  [](const PgResult& rows, int row) {
                    return AcceptedMessage{rows.text(row, 0), rows.text(row, 1)};
                  });
}

// Neither a conversation id nor a patient id (each checked against the organization on the
// long way) nor an idempotency key (written in the same transaction).
bool fitsOneStatement(const NewOutboundMessage& m) {
  return !m.conversation_id && m.patient.id.empty() && !m.idempotency_key;
}

// The UPDATE for one attempt outcome, which also releases the lease. CASE on the old status
// keeps the status moving forward only: a webhook may already have moved the message past
// 'sent', or failed it; then 'failed' and 'retry' change no row.
Result<PgResult> updateForOutcome(PgConnection& db, const SendAttemptRecord& a) {
  if (a.outcome == domain::AttemptOutcome::Sent) {
    return db.run(
        "UPDATE messages SET delivery_status = CASE WHEN delivery_status = 'pending' "
        "THEN 'sent' ELSE delivery_status END, sent_at = coalesce(sent_at, $2), "
        "external_id = coalesce(external_id, $3), "
        "channel_instance_id = coalesce($4, channel_instance_id), "
        "lease_owner = NULL, lease_until = NULL WHERE id = $1",
        PgParams()
            .id(a.message_id)
            .time(a.attempted_at)
            .optText(a.external_id)
            .optId(a.channel_instance_id));
  }
  if (a.outcome == domain::AttemptOutcome::Failed) {
    return db.run(
        "UPDATE messages SET delivery_status = 'failed', error_code = $2, error_message = $3, "
        "lease_owner = NULL, lease_until = NULL WHERE id = $1 AND "
        "delivery_status IN ('pending', 'sent')",
        PgParams().id(a.message_id).optText(a.error_code).optText(a.error_message));
  }
  return db.run(
      "UPDATE messages SET next_attempt_at = $4, error_code = $2, "
      "error_message = $3, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND "
      "delivery_status = 'pending'",
      PgParams()
          .id(a.message_id)
          .optText(a.error_code)
          .optText(a.error_message)
          .time(a.next_attempt_at));
}

Status applyOutcome(PgConnection& db, const SendAttemptRecord& a) {
  auto updated = updateForOutcome(db, a);
  if (!updated) return updated.error();
  if (a.outcome == domain::AttemptOutcome::Sent || updated->affected() > 0) return {};
  // The status moved on without us (a webhook): only the lease is ours to release.
  auto released = db.run("UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE id = $1",
                         PgParams().id(a.message_id));
  if (!released) return released.error();
  return {};
}

// Gives the message back to the outbox untried: the claim's attempt is returned, so limits
// and open breakers never use up a message's attempts.
Status deferOutbound(PgConnection& db, const SendAttemptRecord& a) {
  auto updated = db.run(
      "UPDATE messages SET next_attempt_at = $2, attempts = greatest(attempts - 1, "
      "0), lease_owner = NULL, lease_until = NULL WHERE id = $1",
      PgParams().id(a.message_id).time(a.next_attempt_at));
  if (!updated) return updated.error();
  return {};
}

Status insertAttempt(PgConnection& db, const SendAttemptRecord& a) {
  auto inserted = db.run(
      "INSERT INTO message_attempts (message_id, attempt_number, attempted_at, "
      "channel_instance_id, outcome, external_id, error_code, error_message, channel_type) "
      "VALUES ($1, (SELECT count(*) + 1 FROM message_attempts WHERE message_id = $1), $2, $3, "
      "$4, $5, $6, $7, $8)",
      PgParams()
          .id(a.message_id)
          .time(a.attempted_at)
          .optId(a.channel_instance_id)
          .text(domain::toText(a.outcome))
          .optText(a.external_id)
          .optText(a.error_code)
          .optText(a.error_message)
          .optText(a.channel_type));
  if (!inserted) return inserted.error();
  return {};
}

// One statement: the CTE picks due, unleased rows in claim order and locks them, skipping
// rows another transaction has locked (a concurrent claim), and the UPDATE leases what it
// picked. RETURNING has no order, hence the final ORDER BY on the same keys.
// Each priority rank is its own range of idx_messages_outbox (rank = r, next_attempt_at <=
// now) read in order up to the limit, so a claim reads O(due) index entries however many
// messages are scheduled for later (issue 13: one walk of the index in claim order stepped over
// every future message of a rank before reaching the next one); only the at most 3 x $2
// picked rows are sorted. Rows picked but cut by the outer LIMIT stay locked until the
// statement ends, so a concurrent claim skips them this once.
// $5 is an array of channel instance ids to skip; messages of disabled ('inactive') or shut
// down ('error') instances are picked only while their plan has a later step (fewer steps
// than commas in channel_plan), so that the attempt moves them on. NOTE: their rows are stepped
// over, not indexed away, so a large due backlog on such an instance costs a walk over it at every
// claim.
constexpr const char* kClaimQuery =
    "WITH due AS (SELECT picked.id FROM (VALUES (0), (1), (2)) AS ranks(rank) "
    "CROSS JOIN LATERAL (SELECT id, next_attempt_at, created_at FROM messages "
    "WHERE direction = 'outbound' AND delivery_status = 'pending' "
    "AND (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END) = ranks.rank "
    "AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < $1) "
    "AND (channel_instance_id IS NULL OR (channel_instance_id <> ALL($5::uuid[]) "
    "AND NOT EXISTS (SELECT 1 FROM channel_instances c WHERE c.id = messages.channel_instance_id "
    "AND c.status IN ('inactive', 'error') AND messages.plan_step >= "
    "length(messages.channel_plan) - length(replace(messages.channel_plan, ',', ''))))) "
    "ORDER BY next_attempt_at, created_at LIMIT $2 FOR UPDATE SKIP LOCKED) AS picked "
    "ORDER BY ranks.rank, picked.next_attempt_at, picked.created_at LIMIT $2), "
    "claimed AS (UPDATE messages SET lease_owner = $3, lease_until = $4, "
    "attempts = attempts + 1 WHERE id IN (SELECT id FROM due) "
    "RETURNING " MENSAJERO_PG_MESSAGE_COLUMNS
    ", seq) "
    "SELECT * FROM claimed ORDER BY (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 "
    "ELSE 2 END), next_attempt_at_ms, created_at_ms, seq";

}  // namespace

Status insertAttemptRow(PgConnection& db, const SendAttemptRecord& attempt) {
  return insertAttempt(db, attempt);
}

namespace {

// acceptOutbound after validation, a statement per step: every case, the rare ones
// kOneStatementAccept leaves out included.
Result<AcceptedMessage> acceptTheLongWay(PgConnection& db, const NewOutboundMessage& message) {
  AcceptedMessage accepted;
  if (message.conversation_id) {
    if (Status known = requireOrganization(db, message.organization_id); !known) {
      return known.error();
    }
    const ConversationKey key{message.organization_id, message.channel_type,
                              message.channel_identifier};
    Status owned = requireConversation(db, key, *message.conversation_id);
    if (!owned) return owned.error();
    accepted.conversation_id = *message.conversation_id;
  } else {
    const ConversationKey key{message.organization_id, message.channel_type,
                              message.channel_identifier};
    // NotFound organization_not_found for an unknown organization, in the same round trip.
    auto conversation = findOrCreateConversation(db, key, message.patient, message.created_at);
    if (!conversation) return conversation.error();
    accepted.conversation_id = std::move(*conversation);
  }
  auto inserted = insertOutbound(db, message, accepted.conversation_id);
  if (!inserted) return inserted.error();
  accepted.message_id = std::move(*inserted);
  if (message.idempotency_key) {
    Status linked = linkIdempotencyKey(db, *message.idempotency_key, accepted.message_id);
    if (!linked) return linked.error();
  }
  return accepted;
}

}  // namespace

Result<AcceptedMessage> acceptOutbound(PgConnection& db, const NewOutboundMessage& message) {
  if (Status valid = validate(message); !valid) return valid.error();
  if (fitsOneStatement(message)) {
    auto done = acceptInOneStatement(db, message);
    if (!done) return done.error();
    if (*done) return std::move(**done);
  }
  return acceptTheLongWay(db, message);
}

Result<std::vector<std::optional<Result<AcceptedMessage>>>> acceptOutbounds(
    PgConnection& db, const std::vector<NewOutboundMessage*>& messages) {
  std::vector<std::optional<Result<AcceptedMessage>>> outcomes(messages.size());
  std::vector<std::size_t> together;
  std::vector<const NewOutboundMessage*> batch;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (Status valid = validate(*messages[i]); !valid) {
      outcomes[i] = valid.error();
    } else if (fitsOneStatement(*messages[i])) {
      together.push_back(i);
      batch.push_back(messages[i]);
    }
  }
  auto accepted = acceptTogether(db, batch);
  if (!accepted) return accepted.error();
  for (std::size_t k = 0; k < together.size(); ++k) {
    if ((*accepted)[k]) outcomes[together[k]] = std::move(*(*accepted)[k]);
  }
  return outcomes;
}

// The dispatcher reads each message it attempts here (claims hand it ids), so the
// conversation's last inbound time comes with it: the service window costs no query per send.
Result<std::optional<MessageRecord>> findMessage(PgConnection& db, std::string_view id) {
  return queryOne(db,
                  "SELECT " MENSAJERO_PG_MESSAGE_COLUMNS ", (SELECT " PG_MILLIS(
                      "c.last_inbound_at") " FROM message_conversations c WHERE c.id = "
                                           "messages.conversation_id) FROM messages WHERE id = $1",
                  PgParams().id(id), [](const PgResult& rows, int row) {
                    MessageRecord message = readMessage(rows, row);
                    message.conversation_last_inbound_at =
                        rows.optTime(row, kMessageColumnCount);
                    return message;
                  });
}

Result<std::vector<MessageRecord>> claimDueOutbound(
    PgConnection& db, UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances) {
  if (owner.empty()) return invalid("lease owner is empty");
  // An array literal of UUIDs; an id that is not one names no row here, so it is left out
  // rather than failing the cast.
  std::string skipped = "{";
  for (const std::string& id : skip_channel_instances) {
    if (!isUuid(id)) continue;
    if (skipped.size() > 1) skipped += ',';
    skipped += id;
  }
  skipped += '}';
  return queryAll(
      db, kClaimQuery,
      PgParams().time(now).integer(std::max(limit, 0)).text(owner).time(lease_until).text(skipped),
      readMessage);
}

Result<AttemptApplied> recordSendAttempt(PgConnection& db, const SendAttemptRecord& attempt) {
  if (attempt.channel_instance_id && !isUuid(*attempt.channel_instance_id)) {
    return invalid("channel instance id is not a UUID");
  }
  // The row lock orders this attempt against claims and status webhooks on the same message.
  auto owner =
      db.run("SELECT lease_owner FROM messages WHERE id = $1 AND direction = 'outbound' FOR UPDATE",
             PgParams().id(attempt.message_id));
  if (!owner) return owner.error();
  if (owner->empty()) {
    return makeError(ErrorCategory::NotFound, "message_not_found", "no such message");
  }
  if (owner->isNull(0, 0) || owner->text(0, 0) != attempt.lease_owner) {
    return AttemptApplied::LeaseLost;
  }
  if (attempt.outcome == domain::AttemptOutcome::Deferred) {
    if (Status deferred = deferOutbound(db, attempt); !deferred) return deferred.error();
    return AttemptApplied::Applied;
  }
  if (Status recorded = insertAttempt(db, attempt); !recorded) return recorded.error();
  if (Status applied = applyOutcome(db, attempt); !applied) return applied.error();
  return AttemptApplied::Applied;
}

const char* claimQueryForTest() { return kClaimQuery; }

Result<std::string> listSendAttempts(PgConnection& db, std::string_view message_id) {
  auto message = findMessage(db, message_id);
  if (!message) return message.error();
  if (!*message) return makeError(ErrorCategory::NotFound, "message_not_found", "no such message");

  auto rows = db.run(
      "SELECT attempt_number, " PG_MILLIS("attempted_at") ", channel_instance_id, outcome, "
      "external_id, error_code, error_message, channel_type FROM message_attempts "
      "WHERE message_id = $1 "
      "ORDER BY attempt_number",
      PgParams().id(message_id));
  if (!rows) return rows.error();
  const auto optional = [&](int row, int column) -> nlohmann::json {
    if (rows->isNull(row, column)) return nullptr;
    return rows->text(row, column);
  };
  nlohmann::json attempts = nlohmann::json::array();
  for (int row = 0; row < rows->rows(); ++row) {
    attempts.push_back({{"attempt_number", rows->integer(row, 0)},
                        {"attempted_at", formatIso8601(rows->time(row, 1))},
                        {"channel_instance_id", optional(row, 2)},
                        {"outcome", rows->text(row, 3)},
                        {"external_id", optional(row, 4)},
                        {"error_code", optional(row, 5)},
                        {"error_message", optional(row, 6)},
                        {"channel_type", optional(row, 7)}});
  }
  return attempts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mensajero::storage::postgres
