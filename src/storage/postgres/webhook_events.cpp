#include "storage/postgres/webhook_events.h"

#include <utility>

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/status_transition.h"
#include "storage/common/column_enums.h"
#include "storage/common/inbound_event.h"
#include "storage/common/record_validation.h"
#include "storage/common/status_event.h"
#include "storage/postgres/conversation_ops.h"
#include "storage/postgres/inbound_event_ops.h"
#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

using common::MatchedMessage;

// False when the organization remembered the key before. An empty key is never deduplicated.
// The organization is a UUID here: statuses reach this only after matching one of its
// messages, inbound events after validateInbound.
Result<bool> rememberKey(PgConnection& db, const std::string& organization_id,
                         const std::string& key, UnixMillis seen_at) {
  if (key.empty()) return true;
  auto inserted = db.run(
      "INSERT INTO webhook_events (organization_id, event_key, processed_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (organization_id, event_key) DO NOTHING RETURNING 1",
      PgParams().id(organization_id).text(key).time(seen_at));
  if (!inserted) return inserted.error();
  return !inserted->empty();
}

// The match by the provider's id, and with it rememberKey's insert, which applyStatusEvent
// makes next whenever a message matched: one round trip, not two (issue 13). The key is
// inserted only when a message matched, as the two statements did; the fourth column says
// whether it was new (an empty key always is).
constexpr const char* kFindByExternalIdRememberingKey =
    "WITH matched AS (SELECT m.id, m.delivery_status, m.external_id FROM messages m "
    "JOIN message_conversations c ON c.id = m.conversation_id "
    "WHERE m.external_id = $1 AND m.direction = 'outbound' "
    "AND c.organization_id = $2 LIMIT 1 FOR UPDATE OF m), "
    "remembered AS (INSERT INTO webhook_events (organization_id, event_key, processed_at) "
    "SELECT $2::uuid, $3::text, $4::timestamptz WHERE $3::text <> '' "
    "AND EXISTS (SELECT 1 FROM matched) "
    "ON CONFLICT (organization_id, event_key) DO NOTHING RETURNING 1) "
    "SELECT id, delivery_status, external_id, "
    "($3::text = '' OR EXISTS (SELECT 1 FROM remembered)) FROM matched";

// Any organization's message: a status naming another organization's message is refused.
constexpr const char* kNamesAnyMessage =
    "SELECT 1 FROM messages WHERE direction = 'outbound' AND "
    "(($1::text <> '' AND external_id = $1::text) OR id = $2::uuid) LIMIT 1";

MatchedMessage readMatched(const PgResult& rows, int row) {
  return {rows.text(row, 0), common::deliveryStatusColumn(rows.text(row, 1)), !rows.isNull(row, 2)};
}

// The store's half of common::applyStatusEvent. Only the event's organization's messages
// match: the organization is the one whose webhook endpoint received (and whose secret
// signed) the event. A malformed organization id binds as NULL and matches nothing.
class StatusSteps final : public common::StatusEventSteps {
 public:
  // `seen_at` is the time applyStatusEvent remembers the event's key with.
  StatusSteps(PgConnection& db, UnixMillis seen_at) : db_(db), seen_at_(seen_at) {}

  Result<std::optional<MatchedMessage>> findByExternalId(const StatusEvent& event) override {
    const PgParams params = PgParams()
                                .text(event.external_id)
                                .id(event.organization_id)
                                .text(event.event_key)
                                .time(seen_at_);
    if (event.message_id) {
      auto rows = db_.run(kFindByExternalIdRememberingKey, params);
      if (!rows) return rows.error();
      return readMatchedRememberingKey(*rows);
    }
    // Nothing else can match this event, so when this finds nothing, namesAnyMessage is the
    // next question: it is asked in the same round trip (issue 13: a status that matches no
    // message of the organization cost two). A read, so asking it in vain changes nothing.
    const PgParams foreign_params = namesAnyParams(event);
    auto rows = db_.runTogether(
        {{kFindByExternalIdRememberingKey, &params}, {kNamesAnyMessage, &foreign_params}});
    if (!rows) return rows.error();
    if (!(*rows)[0].empty()) return readMatchedRememberingKey((*rows)[0]);
    names_any_ = !(*rows)[1].empty();
    return std::optional<MatchedMessage>();
  }

  Result<std::optional<MatchedMessage>> findByMessageId(const StatusEvent& event) override {
    return queryOne(db_,
                    "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
                    "JOIN message_conversations c ON c.id = m.conversation_id "
                    "WHERE m.id = $1 AND m.direction = 'outbound' AND c.organization_id = $2 "
                    "FOR UPDATE OF m",
                    PgParams().id(*event.message_id).id(event.organization_id), readMatched);
  }

  Result<bool> namesAnyMessage(const StatusEvent& event) override {
    if (const auto asked = std::exchange(names_any_, std::nullopt)) return *asked;
    auto found = db_.run(kNamesAnyMessage, namesAnyParams(event));
    if (!found) return found.error();
    return !found->empty();
  }

  // An answer asked ahead was remembered with seen_at_: the `seen_at` applyStatusEvent gives
  // both.
  Result<bool> rememberKey(const StatusEvent& event, UnixMillis seen_at) override {
    if (const auto remembered = std::exchange(key_fresh_, std::nullopt)) return *remembered;
    return postgres::rememberKey(db_, event.organization_id, event.event_key, seen_at);
  }

  Status fillExternalId(const std::string& id, const std::string& external_id) override {
    return run("UPDATE messages SET external_id = $2 WHERE id = $1 AND external_id IS NULL",
               PgParams().id(id).text(external_id));
  }

  Status markFailed(const std::string& id, const StatusEvent& event) override {
    return run(
        "UPDATE messages SET delivery_status = 'failed', error_code = $2, error_message = $3 "
        "WHERE id = $1",
        PgParams().id(id).optText(event.error_code).optText(event.error_message));
  }

  Status moveForward(const std::string& id, const StatusEvent& event,
                     domain::StatusDates dates) override {
    return run(
        "UPDATE messages SET delivery_status = $2, sent_at = coalesce(sent_at, $3), "
        "delivered_at = CASE WHEN $4::int = 1 THEN coalesce(delivered_at, $3) "
        "ELSE delivered_at END, read_at = CASE WHEN $5::int = 1 THEN coalesce(read_at, $3) "
        "ELSE read_at END WHERE id = $1",
        PgParams()
            .id(id)
            .text(domain::toText(event.status))
            .time(event.at)
            .integer(dates.delivered_at ? 1 : 0)
            .integer(dates.read_at ? 1 : 0));
  }

 private:
  // The updates' results are not read: each is deferred to the next statement's round trip
  // (issue 13: two of a status's four round trips).
  Status run(const char* sql, PgParams params) { return db_.runDeferred(sql, std::move(params)); }

  static PgParams namesAnyParams(const StatusEvent& event) {
    return PgParams().text(event.external_id).optId(event.message_id);
  }

  // The matched message, if any; when one matched, its key was remembered in the same
  // statement and rememberKey answers whether it was new.
  std::optional<MatchedMessage> readMatchedRememberingKey(const PgResult& rows) {
    if (rows.empty()) return std::nullopt;
    key_fresh_ = rows.boolean(0, 3);
    return std::optional(readMatched(rows, 0));
  }

  PgConnection& db_;
  UnixMillis seen_at_;
  // Answers asked ahead by findByExternalId: namesAnyMessage's, and rememberKey's. These
  // steps serve one event (applyStatusEvent makes them for it), so the answers are that
  // event's.
  std::optional<bool> names_any_;
  std::optional<bool> key_fresh_;
};

// The store's half of common::applyInboundEvent.
class InboundApplySteps final : public common::InboundEventSteps {
 public:
  explicit InboundApplySteps(PgConnection& db) : db_(db) {}

  // The key is remembered and the message looked for in one statement, one round trip: the
  // insert runs whatever the lookup finds, as it did when they were two statements.
  Result<bool> firstSighting(const InboundEvent& event, UnixMillis seen_at) override {
    auto first = db_.run(
        "WITH remembered AS (INSERT INTO webhook_events (organization_id, event_key, "
        "processed_at) SELECT $1::uuid, $2::text, $3::timestamptz WHERE $2::text <> '' "
        "ON CONFLICT (organization_id, event_key) DO NOTHING RETURNING 1) "
        "SELECT ($2::text = '' OR EXISTS (SELECT 1 FROM remembered)) AND ($4::text = '' OR "
        "NOT EXISTS (SELECT 1 FROM messages WHERE external_id = $4::text AND "
        "direction = 'inbound'))",
        PgParams()
            .id(event.organization_id)
            .text(event.event_key)
            .time(seen_at)
            .text(event.external_id));
    if (!first) return first.error();
    return first->boolean(0, 0);
  }

  Result<std::string> senderConversation(const InboundEvent& event,
                                         const PatientRecord& patient) override {
    return resolveSenderConversation(db_, event, patient);
  }

  Result<bool> recordEvent(const InboundEvent& event, const std::string& conversation_id) override {
    return recordInboundEvent(db_, event, conversation_id);
  }

  // A concurrent writer may store the same message first: then this one is a duplicate.
  Result<bool> insertMessage(const InboundEvent& event,
                             const std::string& conversation_id) override {
    auto inserted = db_.run(
        "INSERT INTO messages (conversation_id, direction, content, message_type, "
        "delivery_status, external_id, metadata, created_at, delivered_at, channel_instance_id, "
        "content_json) VALUES ($1, 'inbound', $2, $3, 'delivered', $4, '{}', $5, $5, $6, $7) "
        "ON CONFLICT (external_id) WHERE direction = 'inbound' DO NOTHING RETURNING id",
        PgParams()
            .id(conversation_id)
            .text(event.content)
            .text(event.message_type)
            .textOrNull(event.external_id)
            .time(event.at)
            .optId(event.channel_instance_id)
            .optText(event.content_json));
    if (!inserted) return inserted.error();
    return !inserted->empty();
  }

  Status noteInboundAt(const std::string& conversation_id, UnixMillis at) override {
    // greatest() ignores NULL, so the first message sets it and an older one never lowers it.
    // Deferred: nothing reads the result, and the next statement carries it to the server.
    return db_.runDeferred(
        "UPDATE message_conversations SET last_inbound_at = greatest(last_inbound_at, $2) "
        "WHERE id = $1",
        PgParams().id(conversation_id).time(at));
  }

 private:
  PgConnection& db_;
};

}  // namespace

Result<StatusOutcome> applyStatusEvent(PgConnection& db, const StatusEvent& event,
                                       UnixMillis seen_at) {
  StatusSteps steps(db, seen_at);
  return common::applyStatusEvent(steps, event, seen_at);
}

Status validateInbound(const InboundEvent& event) {
  if (Status valid = common::validateInbound(event); !valid) return valid;
  const auto invalid = [](const char* message) {
    return makeError(ErrorCategory::Invalid, "invalid_inbound", message);
  };
  if (!isUuid(event.organization_id)) return invalid("inbound event with a malformed organization");
  if (event.channel_instance_id && !isUuid(*event.channel_instance_id)) {
    return invalid("inbound event with a malformed channel instance");
  }
  return {};
}

Result<InboundOutcome> applyInboundEvent(PgConnection& db, const InboundEvent& event,
                                         UnixMillis seen_at) {
  InboundApplySteps steps(db);
  return common::applyInboundEvent(steps, event, seen_at);
}

}  // namespace mensajero::storage::postgres
