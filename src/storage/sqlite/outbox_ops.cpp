#include "storage/sqlite/outbox_ops.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "storage/common/initial_lease.h"
#include "storage/common/record_validation.h"
#include "storage/sqlite/account_ops.h"
#include "storage/sqlite/conversation_ops.h"
#include "storage/sqlite/idempotency_ops.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/rows.h"

namespace mensajero::storage::sqlite {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_message", std::move(message));
}

Status validate(const NewOutboundMessage& message) { return common::validateOutbound(message); }

Status insertOutbound(Connection& db, const NewOutboundMessage& m, const std::string& id,
                      const std::string& conversation_id) {
  auto insert = db.prepare(
      "INSERT INTO messages (id, conversation_id, direction, content, message_type, "
      "delivery_status, metadata, created_at, channel_instance_id, recipient, priority, "
      "attempts, next_attempt_at, lease_owner, lease_until, channel_plan, plan_step, "
      "template_id) VALUES "
      "(?1, ?2, 'outbound', ?3, ?4, 'pending', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
      "?15, ?16)");
  if (!insert) return insert.error();
  const common::InitialLease lease = common::initialLease(m);
  insert->bindText(1, id);
  insert->bindText(2, conversation_id);
  insert->bindText(3, m.content);
  insert->bindText(4, m.message_type);
  insert->bindText(5, m.metadata);
  insert->bindTime(6, m.created_at);
  insert->bindOptText(7, m.channel_instance_id);
  insert->bindText(8, m.recipient);
  insert->bindText(9, domain::toText(m.priority));
  insert->bindInt(10, lease.attempts);
  insert->bindTime(11, m.next_attempt_at);
  if (lease.until) {
    insert->bindText(12, lease.owner);
    insert->bindTime(13, *lease.until);
  } else {
    insert->bindNull(12);
    insert->bindNull(13);
  }
  insert->bindText(14, m.channel_plan);
  insert->bindInt(15, m.plan_step);
  insert->bindOptText(16, m.template_id);
  return insert->run();
}

// Applies one attempt outcome to its message and releases the lease. CASE on the old status
// keeps the status moving forward only: a webhook may already have moved the message past
// 'sent', or failed it.
Status applyOutcome(Connection& db, const SendAttemptRecord& a) {
  const bool sent = a.outcome == domain::AttemptOutcome::Sent;
  const bool failed = a.outcome == domain::AttemptOutcome::Failed;
  auto update = db.prepare(
      sent     ? "UPDATE messages SET delivery_status = CASE WHEN delivery_status = 'pending' "
                 "THEN 'sent' ELSE delivery_status END, sent_at = coalesce(sent_at, ?2), "
                 "external_id = coalesce(external_id, ?3), "
                 "channel_instance_id = coalesce(?4, channel_instance_id), "
                 "lease_owner = NULL, lease_until = NULL WHERE id = ?1"
      : failed ? "UPDATE messages SET delivery_status = 'failed', error_code = ?2, "
                 "error_message = ?3, lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND "
                 "delivery_status IN ('pending', 'sent')"
               : "UPDATE messages SET next_attempt_at = ?4, error_code = ?2, error_message = ?3, "
                 "lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND "
                 "delivery_status = 'pending'");
  if (!update) return update.error();
  update->bindText(1, a.message_id);
  if (sent) {
    update->bindTime(2, a.attempted_at);
    update->bindOptText(3, a.external_id);
    update->bindOptText(4, a.channel_instance_id);
  } else {
    update->bindOptText(2, a.error_code);
    update->bindOptText(3, a.error_message);
    if (!failed) update->bindTime(4, a.next_attempt_at);
  }
  if (Status updated = update->run(); !updated || update->changes() > 0 || sent) return updated;
  // The status moved on without us (a webhook): only the lease is ours to release.
  auto release =
      db.prepare("UPDATE messages SET lease_owner = NULL, lease_until = NULL WHERE id = ?1");
  if (!release) return release.error();
  release->bindText(1, a.message_id);
  return release->run();
}

// Gives the message back to the outbox untried: the claim's attempt is returned, so limits
// and open breakers never use up a message's attempts.
Status deferOutbound(Connection& db, const SendAttemptRecord& a) {
  auto update = db.prepare(
      "UPDATE messages SET next_attempt_at = ?2, attempts = max(attempts - 1, 0), "
      "lease_owner = NULL, lease_until = NULL WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, a.message_id);
  update->bindTime(2, a.next_attempt_at);
  return update->run();
}

// One priority rank's due rows: a range of idx_messages_outbox (rank = ?, next_attempt_at <=
// now) in claim order, stopping after `limit`. INDEXED BY because, without statistics, the
// planner prefers idx_messages_status_created and then sorts every pending message.
// ?3 is a JSON array of channel instance ids to skip. A message of a disabled instance is
// claimed only while its plan has a later step (it has fewer steps than commas in
// channel_plan), so that the attempt moves it on.
// NOTE: rows of a disabled or skipped instance are stepped over, not indexed away, so a large
// due backlog on such an instance costs a walk over it at every claim.
#define MENSAJERO_CLAIM_RANK(rank)                                                       \
  "SELECT * FROM (SELECT id, " rank                                                      \
  " AS rank, next_attempt_at, created_at "                                               \
  "FROM messages INDEXED BY idx_messages_outbox "                                        \
  "WHERE direction = 'outbound' AND delivery_status = 'pending' "                        \
  "AND " MENSAJERO_OUTBOX_RANK " = " rank                                                \
  " "                                                                                    \
  "AND next_attempt_at <= ?1 AND (lease_until IS NULL OR lease_until < ?1) "             \
  "AND (channel_instance_id IS NULL OR (channel_instance_id NOT IN "                     \
  "(SELECT value FROM json_each(?3)) AND NOT EXISTS (SELECT 1 FROM channel_instances c " \
  "WHERE c.id = messages.channel_instance_id AND c.status IN ('inactive', 'error') "     \
  "AND messages.plan_step >= length(messages.channel_plan) - "                           \
  "length(replace(messages.channel_plan, ',', ''))))) "                                  \
  "ORDER BY next_attempt_at, created_at LIMIT ?2)"

// The due messages in claim order (priority rank, due time, age), at most ?2. One range per
// rank, so a claim reads O(due) index entries however many messages are scheduled for later
// (issue 13: a single walk of the index in claim order stepped over every future message of a
// rank before reaching the next one). Only the at most 3 x ?2 picked rows are sorted.
constexpr const char* kClaimQuery =
    "SELECT id FROM (" MENSAJERO_CLAIM_RANK("0") " UNION ALL " MENSAJERO_CLAIM_RANK(
        "1") " UNION ALL " MENSAJERO_CLAIM_RANK("2") ") "
    "ORDER BY rank, next_attempt_at, created_at LIMIT ?2";
#undef MENSAJERO_CLAIM_RANK

Status insertAttempt(Connection& db, const SendAttemptRecord& a) {
  auto insert = db.prepare(
      "INSERT INTO message_attempts (id, message_id, attempt_number, attempted_at, "
      "channel_instance_id, outcome, external_id, error_code, error_message, channel_type) "
      "VALUES (?1, ?2, (SELECT count(*) + 1 FROM message_attempts WHERE message_id = ?2), ?3, "
      "?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert) return insert.error();
  insert->bindText(1, newId());
  insert->bindText(2, a.message_id);
  insert->bindTime(3, a.attempted_at);
  insert->bindOptText(4, a.channel_instance_id);
  insert->bindText(5, domain::toText(a.outcome));
  insert->bindOptText(6, a.external_id);
  insert->bindOptText(7, a.error_code);
  insert->bindOptText(8, a.error_message);
  insert->bindOptText(9, a.channel_type);
  return insert->run();
}

}  // namespace

Status insertAttemptRow(Connection& db, const SendAttemptRecord& attempt) {
  return insertAttempt(db, attempt);
}

Result<AcceptedMessage> acceptOutbound(Connection& db, const NewOutboundMessage& message) {
  if (Status valid = validate(message); !valid) return valid.error();
  if (Status known = requireOrganization(db, message.organization_id); !known) {
    return known.error();
  }
  AcceptedMessage accepted{newId(), {}};
  if (message.conversation_id) {
    const ConversationKey key{message.organization_id, message.channel_type,
                              message.channel_identifier};
    Status owned = requireConversation(db, key, *message.conversation_id);
    if (!owned) return owned.error();
    accepted.conversation_id = *message.conversation_id;
  } else {
    const ConversationKey key{message.organization_id, message.channel_type,
                              message.channel_identifier};
    auto conversation = findOrCreateConversation(db, key, message.patient, message.created_at);
    if (!conversation) return conversation.error();
    accepted.conversation_id = std::move(*conversation);
  }
  Status inserted = insertOutbound(db, message, accepted.message_id, accepted.conversation_id);
  if (!inserted) return inserted.error();
  if (message.idempotency_key) {
    Status linked = linkIdempotencyKey(db, *message.idempotency_key, accepted.message_id);
    if (!linked) return linked.error();
  }
  return accepted;
}

// The dispatcher reads each message it attempts here (claims hand it ids), so the
// conversation's last inbound time comes with it: the service window costs no query per send.
Result<std::optional<MessageRecord>> findMessage(Connection& db, std::string_view id) {
  auto select = db.prepare("SELECT " MENSAJERO_MESSAGE_COLUMNS
                           ", (SELECT c.last_inbound_at FROM message_conversations c "
                           "WHERE c.id = messages.conversation_id) FROM messages WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, id);
  return queryOne(*select, [](const Statement& row) {
    MessageRecord message = readMessage(row);
    message.conversation_last_inbound_at = row.optTime(kMessageColumnCount);
    return message;
  });
}

Result<std::vector<MessageRecord>> claimDueOutbound(
    Connection& db, UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances) {
  if (owner.empty()) return invalid("lease owner is empty");
  std::vector<std::string> ids;
  {
    auto select = db.prepare(kClaimQuery);
    if (!select) return select.error();
    select->bindTime(1, now);
    select->bindInt(2, std::max(limit, 0));
    select->bindText(3, nlohmann::json(skip_channel_instances).dump());
    auto found = queryAll(*select, [](const Statement& row) { return row.text(0); });
    if (!found) return found.error();
    ids = std::move(*found);
  }
  std::vector<MessageRecord> claimed;
  claimed.reserve(ids.size());
  for (const std::string& id : ids) {
    auto update = db.prepare(
        "UPDATE messages SET lease_owner = ?2, lease_until = ?3, attempts = attempts + 1 "
        "WHERE id = ?1 RETURNING " MENSAJERO_MESSAGE_COLUMNS);
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindText(2, owner);
    update->bindTime(3, lease_until);
    auto message = queryOne(*update, readMessage);
    if (!message) return message.error();
    if (Status finished = update->run(); !finished) return finished.error();
    if (*message) claimed.push_back(std::move(**message));
  }
  return claimed;
}

Result<AttemptApplied> recordSendAttempt(Connection& db, const SendAttemptRecord& attempt) {
  {
    auto select =
        db.prepare("SELECT lease_owner FROM messages WHERE id = ?1 AND direction = 'outbound'");
    if (!select) return select.error();
    select->bindText(1, attempt.message_id);
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCategory::NotFound, "message_not_found", "no such message");
    if (select->isNull(0) || select->text(0) != attempt.lease_owner) {
      return AttemptApplied::LeaseLost;
    }
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

Result<std::string> listSendAttempts(Connection& db, std::string_view message_id) {
  auto snapshot = ReadSnapshot::begin(db);
  if (!snapshot) return snapshot.error();
  auto message = findMessage(db, message_id);
  if (!message) return message.error();
  if (!*message) return makeError(ErrorCategory::NotFound, "message_not_found", "no such message");

  auto select = db.prepare(
      "SELECT attempt_number, attempted_at, channel_instance_id, outcome, external_id, "
      "error_code, error_message, channel_type FROM message_attempts WHERE message_id = ?1 "
      "ORDER BY attempt_number");
  if (!select) return select.error();
  select->bindText(1, message_id);
  const auto optional = [&](int column) -> nlohmann::json {
    if (select->isNull(column)) return nullptr;
    return select->text(column);
  };
  nlohmann::json attempts = nlohmann::json::array();
  for (;;) {
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) break;
    attempts.push_back({{"attempt_number", select->integer(0)},
                        {"attempted_at", select->text(1)},
                        {"channel_instance_id", optional(2)},
                        {"outcome", select->text(3)},
                        {"external_id", optional(4)},
                        {"error_code", optional(5)},
                        {"error_message", optional(6)},
                        {"channel_type", optional(7)}});
  }
  return attempts.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mensajero::storage::sqlite
