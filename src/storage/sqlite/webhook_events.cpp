#include "storage/sqlite/webhook_events.h"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "storage/sqlite/conversation_ops.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/inbound_event_ops.h"

namespace mensajero::storage::sqlite {
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
Result<bool> rememberKey(Connection& db, const std::string& organization_id, const std::string& key,
                         UnixMillis seen_at) {
  if (key.empty()) return true;
  auto insert = db.prepare(
      "INSERT INTO webhook_events (organization_id, event_key, processed_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (organization_id, event_key) DO NOTHING");
  if (!insert) return insert.error();
  insert->bindText(1, organization_id);
  insert->bindText(2, key);
  insert->bindTime(3, seen_at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return insert->changes() > 0;
}

struct MatchedMessage {
  std::string id;
  std::string status;
  bool has_external_id = false;
};

Result<std::optional<MatchedMessage>> findBy(Connection& db, const char* sql,
                                             std::string_view value,
                                             std::string_view organization_id) {
  auto select = db.prepare(sql);
  if (!select) return select.error();
  select->bindText(1, value);
  select->bindText(2, organization_id);
  auto row = select->next();
  if (!row) return row.error();
  if (!*row) return std::optional<MatchedMessage>();
  return std::optional<MatchedMessage>(
      MatchedMessage{select->text(0), select->text(1), !select->isNull(2)});
}

// Only the event's organization's messages match: the organization is the one whose webhook
// endpoint received (and whose secret signed) the event.
Result<std::optional<MatchedMessage>> matchMessage(Connection& db, const StatusEvent& event) {
  if (!event.external_id.empty()) {
    auto found = findBy(db,
                        "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
                        "JOIN message_conversations c ON c.id = m.conversation_id "
                        "WHERE m.external_id = ?1 AND m.direction = 'outbound' "
                        "AND c.organization_id = ?2 LIMIT 1",
                        event.external_id, event.organization_id);
    if (!found || *found || !event.message_id) return found;
  }
  if (!event.message_id) return std::optional<MatchedMessage>();
  return findBy(db,
                "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
                "JOIN message_conversations c ON c.id = m.conversation_id "
                "WHERE m.id = ?1 AND m.direction = 'outbound' AND c.organization_id = ?2",
                *event.message_id, event.organization_id);
}

// An event that matched nothing of its organization: does it name another's message?
Result<bool> namesForeignMessage(Connection& db, const StatusEvent& event) {
  auto select = db.prepare(
      "SELECT 1 FROM messages WHERE direction = 'outbound' AND "
      "((?1 <> '' AND external_id = ?1) OR id = ?2) LIMIT 1");
  if (!select) return select.error();
  select->bindText(1, event.external_id);
  select->bindOptText(2, event.message_id);
  auto row = select->next();
  if (!row) return row.error();
  return *row;
}

Status fillExternalId(Connection& db, const std::string& id, const std::string& external_id) {
  auto update =
      db.prepare("UPDATE messages SET external_id = ?2 WHERE id = ?1 AND external_id IS NULL");
  if (!update) return update.error();
  update->bindText(1, id);
  update->bindText(2, external_id);
  return update->run();
}

Status moveForward(Connection& db, const std::string& id, const StatusEvent& event, int rank) {
  if (event.status == "failed") {
    auto update = db.prepare(
        "UPDATE messages SET delivery_status = 'failed', error_code = ?2, error_message = ?3 "
        "WHERE id = ?1");
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindOptText(2, event.error_code);
    update->bindOptText(3, event.error_message);
    return update->run();
  }
  // A status that skipped steps (read before delivered) also dates the steps it skipped.
  auto update = db.prepare(
      "UPDATE messages SET delivery_status = ?2, sent_at = coalesce(sent_at, ?3), "
      "delivered_at = CASE WHEN ?4 >= 2 THEN coalesce(delivered_at, ?3) ELSE delivered_at END, "
      "read_at = CASE WHEN ?4 >= 3 THEN coalesce(read_at, ?3) ELSE read_at END WHERE id = ?1");
  if (!update) return update.error();
  update->bindText(1, id);
  update->bindText(2, event.status);
  update->bindTime(3, event.at);
  update->bindInt(4, rank);
  return update->run();
}

bool isOneOf(std::string_view value, std::initializer_list<std::string_view> allowed) {
  for (std::string_view candidate : allowed) {
    if (value == candidate) return true;
  }
  return false;
}

}  // namespace

Result<StatusOutcome> applyStatusEvent(Connection& db, const StatusEvent& event,
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
  if (event.channel_identifier.empty()) return invalid("inbound event without sender");
  if (!isOneOf(event.channel_type, {"whatsapp", "sms", "voice", "email"})) {
    return invalid("inbound event with unknown channel type");
  }
  if (!isOneOf(event.message_type, {"text", "template", "media", "interactive"})) {
    return invalid("inbound event with unknown message type");
  }
  return {};
}

Result<InboundOutcome> applyInboundEvent(Connection& db, const InboundEvent& event,
                                         UnixMillis seen_at) {
  auto fresh = rememberKey(db, event.organization_id, event.event_key, seen_at);
  if (!fresh) return fresh.error();
  if (!*fresh) return InboundOutcome::Duplicate;
  if (!event.external_id.empty()) {
    auto seen =
        db.prepare("SELECT 1 FROM messages WHERE external_id = ?1 AND direction = 'inbound'");
    if (!seen) return seen.error();
    seen->bindText(1, event.external_id);
    auto row = seen->next();
    if (!row) return row.error();
    if (*row) return InboundOutcome::Duplicate;
  }
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
  auto insert = db.prepare(
      "INSERT INTO messages (id, conversation_id, direction, content, message_type, "
      "delivery_status, external_id, metadata, created_at, delivered_at, channel_instance_id, "
      "content_json) VALUES (?1, ?2, 'inbound', ?3, ?4, 'delivered', ?5, '{}', ?6, ?6, ?7, ?8)");
  if (!insert) return insert.error();
  insert->bindText(1, newId());
  insert->bindText(2, *conversation);
  insert->bindText(3, event.content);
  insert->bindText(4, event.message_type);
  insert->bindTextOrNull(5, event.external_id);
  insert->bindTime(6, event.at);
  insert->bindOptText(7, event.channel_instance_id);
  insert->bindOptText(8, event.content_json);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  return InboundOutcome::Inserted;
}

}  // namespace mensajero::storage::sqlite
