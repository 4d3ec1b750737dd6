#include "storage/postgres/inbound_event_ops.h"

#include <optional>
#include <string_view>

#include "storage/message_metadata.h"
#include "storage/postgres/conversation_ops.h"

namespace mensajero::storage::postgres {
namespace {

constexpr std::string_view kUserKeyPrefix = "user:";

Result<std::optional<std::string>> linkedConversation(PgConnection& db, const InboundEvent& event) {
  auto found = db.run(
      "SELECT conversation_id FROM conversation_user_ids "
      "WHERE organization_id = $1 AND channel_type = $2 AND user_id = $3",
      PgParams().id(event.organization_id).text(event.channel_type).text(event.user_id));
  if (!found) return found.error();
  if (found->empty()) return std::optional<std::string>();
  return std::optional<std::string>(found->text(0, 0));
}

Status linkUserId(PgConnection& db, const InboundEvent& event, const std::string& conversation_id) {
  auto upserted = db.run(
      "INSERT INTO conversation_user_ids (organization_id, channel_type, user_id, "
      "conversation_id) VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, channel_type, "
      "user_id) DO UPDATE SET conversation_id = excluded.conversation_id",
      PgParams()
          .id(event.organization_id)
          .text(event.channel_type)
          .text(event.user_id)
          .id(conversation_id));
  if (!upserted) return upserted.error();
  return {};
}

// Moves everything of conversation `from` (one keyed by a user id only) into `into`.
Status mergeInto(PgConnection& db, const std::string& from, const std::string& into,
                 UnixMillis at) {
  for (const char* sql : {"UPDATE messages SET conversation_id = $2 WHERE conversation_id = $1",
                          "UPDATE inbound_events SET conversation_id = $2 "
                          "WHERE conversation_id = $1"}) {
    auto moved = db.run(sql, PgParams().id(from).id(into));
    if (!moved) return moved.error();
  }
  auto archived = db.run(
      "UPDATE message_conversations SET status = 'archived', metadata = "
      "coalesce(metadata, '{}'::jsonb) || jsonb_build_object('mergedInto', $2::text), "
      "updated_at = $3 WHERE id = $1",
      PgParams().id(from).text(into).time(at));
  if (!archived) return archived.error();
  return {};
}

Result<bool> isUserKeyed(PgConnection& db, const std::string& conversation_id) {
  auto found = db.run("SELECT channel_identifier FROM message_conversations WHERE id = $1",
                      PgParams().id(conversation_id));
  if (!found) return found.error();
  return !found->empty() && found->text(0, 0).starts_with(kUserKeyPrefix);
}

struct TargetMessage {
  std::string id;
  std::string content;
  std::string metadata;
};

// The organization's message with provider id `external_id`; inbound only when asked.
Result<std::optional<TargetMessage>> findTarget(PgConnection& db, const InboundEvent& event,
                                                bool inbound_only) {
  if (event.related_external_id.empty()) return std::optional<TargetMessage>();
  auto found = db.run(
      "SELECT m.id, m.content, m.metadata::text FROM messages m "
      "JOIN message_conversations c ON c.id = m.conversation_id "
      "WHERE m.external_id = $1 AND c.organization_id = $2 AND (NOT $3::boolean OR "
      "m.direction = 'inbound') LIMIT 1 FOR UPDATE OF m",
      PgParams()
          .text(event.related_external_id)
          .id(event.organization_id)
          .text(inbound_only ? "true" : "false"));
  if (!found) return found.error();
  if (found->empty()) return std::optional<TargetMessage>();
  return std::optional<TargetMessage>(
      TargetMessage{found->text(0, 0), found->text(0, 1), found->text(0, 2)});
}

Status updateMessage(PgConnection& db, const std::string& id, const std::string& content,
                     const std::string& metadata) {
  auto updated = db.run("UPDATE messages SET content = $2, metadata = $3::jsonb WHERE id = $1",
                        PgParams().id(id).text(content).text(metadata));
  if (!updated) return updated.error();
  return {};
}

// Applies a reaction or an edit to its message (a revoke is only linked to it); the message's
// id, or empty when none matched.
Result<std::string> applyToMessage(PgConnection& db, const InboundEvent& event) {
  const bool is_edit = event.kind == "edit";
  const bool is_revoke = event.kind == "revoke";
  if (!is_edit && !is_revoke && event.kind != "reaction") return std::string();
  auto target = findTarget(db, event, is_edit || is_revoke);
  if (!target) return target.error();
  if (!*target) return std::string();
  const TargetMessage& message = **target;
  // NOTE: a revoked message keeps its text: the clinic's record of what was received stays.
  if (is_revoke) return message.id;
  Status updated =
      is_edit
          ? updateMessage(db, message.id, event.content,
                          message_metadata::withEdit(message.metadata, message.content, event.at))
          : updateMessage(db, message.id, message.content,
                          message_metadata::withReaction(message.metadata, event.channel_identifier,
                                                         event.content, event.at));
  if (!updated) return updated.error();
  return message.id;
}

// As sqlite/inbound_event_ops.cpp: the patient follows the new number, and so does the
// conversation unless the new number already has one.
Status applyNumberChange(PgConnection& db, const InboundEvent& event,
                         const std::string& conversation_id, UnixMillis at) {
  if (event.kind != "number_change" || event.new_channel_identifier.empty()) return {};
  auto patient = db.run(
      "UPDATE patients SET phone = $2, whatsapp_id = $3, updated_at = $4 WHERE id = "
      "(SELECT patient_id FROM message_conversations WHERE id = $1)",
      PgParams()
          .id(conversation_id)
          .text(event.new_channel_identifier)
          .text(event.new_whatsapp_id)
          .time(at));
  if (!patient) return patient.error();
  auto conversation = db.run(
      "UPDATE message_conversations c SET channel_identifier = $2, updated_at = $3 WHERE c.id = "
      "$1 AND NOT EXISTS (SELECT 1 FROM message_conversations o WHERE o.organization_id = "
      "c.organization_id AND o.channel_type = c.channel_type AND o.channel_identifier = $2)",
      PgParams().id(conversation_id).text(event.new_channel_identifier).time(at));
  if (!conversation) return conversation.error();
  return {};
}

}  // namespace

Result<std::string> resolveSenderConversation(PgConnection& db, const InboundEvent& event,
                                              const PatientRecord& patient) {
  const ConversationKey key{event.organization_id, event.channel_type, event.channel_identifier};
  if (event.user_id.empty()) return findOrCreateConversation(db, key, patient, event.at);
  auto linked = linkedConversation(db, event);
  if (!linked) return linked.error();
  const bool user_only = event.channel_identifier.starts_with(kUserKeyPrefix);
  if (user_only && *linked) return **linked;
  auto conversation = findOrCreateConversation(db, key, patient, event.at);
  if (!conversation) return conversation.error();
  if (*linked && **linked != *conversation) {
    auto mergeable = isUserKeyed(db, **linked);
    if (!mergeable) return mergeable.error();
    if (*mergeable) {
      if (Status merged = mergeInto(db, **linked, *conversation, event.at); !merged) {
        return merged.error();
      }
    }
  }
  if (!*linked || **linked != *conversation) {
    if (Status linked_now = linkUserId(db, event, *conversation); !linked_now) {
      return linked_now.error();
    }
  }
  return *conversation;
}

Result<bool> recordInboundEvent(PgConnection& db, const InboundEvent& event,
                                const std::string& conversation_id) {
  auto inserted = db.run(
      "INSERT INTO inbound_events (organization_id, conversation_id, kind, external_id, "
      "related_external_id, code, detail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, "
      "$8) ON CONFLICT (organization_id, kind, external_id) DO NOTHING RETURNING id",
      PgParams()
          .id(event.organization_id)
          .id(conversation_id)
          .text(event.kind)
          .text(event.external_id)
          .textOrNull(event.related_external_id)
          .optText(event.code)
          .text(event.detail)
          .time(event.at));
  if (!inserted) return inserted.error();
  if (inserted->empty()) return false;
  const std::string id = inserted->text(0, 0);

  auto message_id = applyToMessage(db, event);
  if (!message_id) return message_id.error();
  if (!message_id->empty()) {
    auto linked = db.run("UPDATE inbound_events SET message_id = $2 WHERE id = $1",
                         PgParams().id(id).id(*message_id));
    if (!linked) return linked.error();
  }
  if (Status changed = applyNumberChange(db, event, conversation_id, event.at); !changed) {
    return changed.error();
  }
  return true;
}

}  // namespace mensajero::storage::postgres
