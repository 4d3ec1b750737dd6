#include "storage/postgres/webhook_events.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "storage/postgres/conversation_ops.h"
#include "storage/postgres/inbound_event_ops.h"
#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"
#include "storage/postgres/uuid_text.h"

namespace mensajero::storage::postgres {
namespace {

// A status's place in the forward order; -1 for a terminal or unknown status.
int rankOf(std::string_view status) {
  if (status == "pending") return 0;
  if (status == "sent") return 1;
  if (status == "delivered") return 2;
  if (status == "read") return 3;
  return -1;
}

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

struct MatchedMessage {
  std::string id;
  std::string status;
  bool has_external_id = false;
};

MatchedMessage readMatched(const PgResult& rows, int row) {
  return {rows.text(row, 0), rows.text(row, 1), !rows.isNull(row, 2)};
}

// Only the event's organization's messages match: the organization is the one whose webhook
// endpoint received (and whose secret signed) the event. A malformed organization id binds
// as NULL and matches nothing.
Result<std::optional<MatchedMessage>> matchMessage(PgConnection& db, const StatusEvent& event) {
  if (!event.external_id.empty()) {
    auto found =
        queryOne(db,
                 "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
                 "JOIN message_conversations c ON c.id = m.conversation_id "
                 "WHERE m.external_id = $1 AND m.direction = 'outbound' "
                 "AND c.organization_id = $2 LIMIT 1 FOR UPDATE OF m",
                 PgParams().text(event.external_id).id(event.organization_id), readMatched);
    if (!found || *found || !event.message_id) return found;
  }
  if (!event.message_id) return std::optional<MatchedMessage>();
  return queryOne(db,
                  "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
                  "JOIN message_conversations c ON c.id = m.conversation_id "
                  "WHERE m.id = $1 AND m.direction = 'outbound' AND c.organization_id = $2 "
                  "FOR UPDATE OF m",
                  PgParams().id(*event.message_id).id(event.organization_id), readMatched);
}

// An event that matched nothing of its organization: does it name another's message?
Result<bool> namesForeignMessage(PgConnection& db, const StatusEvent& event) {
  auto found = db.run(
      "SELECT 1 FROM messages WHERE direction = 'outbound' AND "
      "(($1::text <> '' AND external_id = $1::text) OR id = $2::uuid) LIMIT 1",
      PgParams().text(event.external_id).optId(event.message_id));
  if (!found) return found.error();
  return !found->empty();
}

Status fillExternalId(PgConnection& db, const std::string& id, const std::string& external_id) {
  auto updated =
      db.run("UPDATE messages SET external_id = $2 WHERE id = $1 AND external_id IS NULL",
             PgParams().id(id).text(external_id));
  if (!updated) return updated.error();
  return {};
}

Status moveForward(PgConnection& db, const std::string& id, const StatusEvent& event, int rank) {
  if (event.status == "failed") {
    auto updated = db.run(
        "UPDATE messages SET delivery_status = 'failed', error_code = $2, error_message = $3 "
        "WHERE id = $1",
        PgParams().id(id).optText(event.error_code).optText(event.error_message));
    if (!updated) return updated.error();
    return {};
  }
  // A status that skipped steps (read before delivered) also dates the steps it skipped.
  auto updated = db.run(
      "UPDATE messages SET delivery_status = $2, sent_at = coalesce(sent_at, $3), delivered_at = "
      "CASE WHEN $4::int >= 2 THEN coalesce(delivered_at, $3) ELSE delivered_at END, read_at = "
      "CASE WHEN $4::int >= 3 THEN coalesce(read_at, $3) ELSE read_at END WHERE id = $1",
      PgParams().id(id).text(event.status).time(event.at).integer(rank));
  if (!updated) return updated.error();
  return {};
}

bool isOneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

Result<bool> inboundSeen(PgConnection& db, const std::string& external_id) {
  if (external_id.empty()) return false;
  auto seen = db.run("SELECT 1 FROM messages WHERE external_id = $1 AND direction = 'inbound'",
                     PgParams().text(external_id));
  if (!seen) return seen.error();
  return !seen->empty();
}

}  // namespace

Result<StatusOutcome> applyStatusEvent(PgConnection& db, const StatusEvent& event,
                                       UnixMillis seen_at) {
  auto matched = matchMessage(db, event);
  if (!matched) return matched.error();
  if (!*matched) {
    auto foreign = namesForeignMessage(db, event);
    if (!foreign) return foreign.error();
    return *foreign ? StatusOutcome::Refused : StatusOutcome::Unmatched;
  }
  const MatchedMessage& message = **matched;
  auto fresh = rememberKey(db, event.organization_id, event.event_key, seen_at);
  if (!fresh) return fresh.error();
  if (!*fresh) return StatusOutcome::Ignored;

  if (!message.has_external_id && !event.external_id.empty()) {
    if (Status filled = fillExternalId(db, message.id, event.external_id); !filled) {
      return filled.error();
    }
  }
  const int current = rankOf(message.status);
  const int target = rankOf(event.status);
  const bool forward =
      event.status == "failed" ? current == 0 || current == 1 : current >= 0 && target > current;
  if (!forward) return StatusOutcome::Ignored;
  if (Status moved = moveForward(db, message.id, event, target); !moved) return moved.error();
  return StatusOutcome::Applied;
}

Status validateInbound(const InboundEvent& event) {
  const auto invalid = [](const char* message) {
    return makeError(ErrorCategory::Invalid, "invalid_inbound", message);
  };
  if (event.organization_id.empty()) return invalid("inbound event without organization");
  if (!isUuid(event.organization_id)) return invalid("inbound event with a malformed organization");
  if (event.channel_identifier.empty()) return invalid("inbound event without sender");
  if (!isOneOf(event.channel_type, {"whatsapp", "sms", "voice", "email"})) {
    return invalid("inbound event with unknown channel type");
  }
  if (!isOneOf(event.message_type, {"text", "template", "media", "interactive"})) {
    return invalid("inbound event with unknown message type");
  }
  if (event.channel_instance_id && !isUuid(*event.channel_instance_id)) {
    return invalid("inbound event with a malformed channel instance");
  }
  return {};
}

Result<InboundOutcome> applyInboundEvent(PgConnection& db, const InboundEvent& event,
                                         UnixMillis seen_at) {
  auto fresh = rememberKey(db, event.organization_id, event.event_key, seen_at);
  if (!fresh) return fresh.error();
  if (!*fresh) return InboundOutcome::Duplicate;
  // Checked first so that a redelivery under a new key creates no conversation either.
  auto seen = inboundSeen(db, event.external_id);
  if (!seen) return seen.error();
  if (*seen) return InboundOutcome::Duplicate;

  PatientRecord patient;
  patient.name = event.profile_name;
  patient.phone = event.phone;
  patient.whatsapp_id = event.whatsapp_id;
  auto conversation = resolveSenderConversation(db, event, patient);
  if (!conversation) return conversation.error();
  if (!event.kind.empty()) {
    auto recorded = recordInboundEvent(db, event, *conversation);
    if (!recorded) return recorded.error();
    return *recorded ? InboundOutcome::Recorded : InboundOutcome::Duplicate;
  }

  // Received means delivered to us: inbound rows never enter the outbox's 'pending' state.
  auto inserted = db.run(
      "INSERT INTO messages (conversation_id, direction, content, message_type, "
      "delivery_status, external_id, metadata, created_at, delivered_at, channel_instance_id, "
      "content_json) VALUES ($1, 'inbound', $2, $3, 'delivered', $4, '{}', $5, $5, $6, $7) "
      "ON CONFLICT (external_id) "
      "WHERE direction = 'inbound' DO NOTHING RETURNING id",
      PgParams()
          .id(*conversation)
          .text(event.content)
          .text(event.message_type)
          .textOrNull(event.external_id)
          .time(event.at)
          .optId(event.channel_instance_id)
          .optText(event.content_json));
  if (!inserted) return inserted.error();
  return inserted->empty() ? InboundOutcome::Duplicate : InboundOutcome::Inserted;
}

}  // namespace mensajero::storage::postgres
