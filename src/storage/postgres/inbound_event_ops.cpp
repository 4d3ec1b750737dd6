#include "storage/postgres/inbound_event_ops.h"

#include <optional>
#include <string_view>

#include "storage/common/message_effects.h"
#include "storage/common/sender_conversation.h"
#include "storage/postgres/conversation_ops.h"

namespace mensajero::storage::postgres {
namespace {

using common::TargetMessage;

// The store's halves of the common inbound rules.
class InboundSteps final : public common::SenderConversationSteps,
                           public common::MessageEffectSteps {
 public:
  explicit InboundSteps(PgConnection& db) : db_(db) {}

  Result<std::string> findOrCreateConversation(const InboundEvent& event,
                                               const PatientRecord& patient) override {
    const ConversationKey key{event.organization_id, event.channel_type, event.channel_identifier};
    return postgres::findOrCreateConversation(db_, key, patient, event.at);
  }

  Result<std::optional<std::string>> linkedConversation(const InboundEvent& event) override {
    auto found = db_.run(
        "SELECT conversation_id FROM conversation_user_ids "
        "WHERE organization_id = $1 AND channel_type = $2 AND user_id = $3",
        PgParams()
            .id(event.organization_id)
            .text(domain::toText(event.channel_type))
            .text(event.user_id));
    if (!found) return found.error();
    if (found->empty()) return std::optional<std::string>();
    return std::optional<std::string>(found->text(0, 0));
  }

  Status linkUserId(const InboundEvent& event, const std::string& conversation_id) override {
    auto upserted = db_.run(
        "INSERT INTO conversation_user_ids (organization_id, channel_type, user_id, "
        "conversation_id) VALUES ($1, $2, $3, $4) ON CONFLICT (organization_id, channel_type, "
        "user_id) DO UPDATE SET conversation_id = excluded.conversation_id",
        PgParams()
            .id(event.organization_id)
            .text(domain::toText(event.channel_type))
            .text(event.user_id)
            .id(conversation_id));
    if (!upserted) return upserted.error();
    return {};
  }

  // Moves everything of conversation `from` (one keyed by a user id only) into `into`.
  Status mergeInto(const std::string& from, const std::string& into, UnixMillis at) override {
    // The window moves with the messages: `into` keeps the newer of the two inbound times.
    for (const char* sql : {"UPDATE messages SET conversation_id = $2 WHERE conversation_id = $1",
                            "UPDATE inbound_events SET conversation_id = $2 "
                            "WHERE conversation_id = $1",
                            "UPDATE message_conversations SET last_inbound_at = greatest("
                            "last_inbound_at, (SELECT last_inbound_at FROM message_conversations "
                            "WHERE id = $1)) WHERE id = $2"}) {
      auto moved = db_.run(sql, PgParams().id(from).id(into));
      if (!moved) return moved.error();
    }
    auto archived = db_.run(
        "UPDATE message_conversations SET status = 'archived', metadata = "
        "coalesce(metadata, '{}'::jsonb) || jsonb_build_object('mergedInto', $2::text), "
        "updated_at = $3 WHERE id = $1",
        PgParams().id(from).text(into).time(at));
    if (!archived) return archived.error();
    return {};
  }

  Result<std::string> conversationKey(const std::string& conversation_id) override {
    auto found = db_.run("SELECT channel_identifier FROM message_conversations WHERE id = $1",
                         PgParams().id(conversation_id));
    if (!found) return found.error();
    return found->empty() ? std::string() : found->text(0, 0);
  }

  // The organization's message with provider id `external_id`; inbound only when asked.
  Result<std::optional<TargetMessage>> findTarget(const InboundEvent& event,
                                                  bool inbound_only) override {
    auto found = db_.run(
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

  Status updateMessage(const std::string& id, const std::string& content,
                       const std::string& metadata) override {
    auto updated = db_.run("UPDATE messages SET content = $2, metadata = $3::jsonb WHERE id = $1",
                           PgParams().id(id).text(content).text(metadata));
    if (!updated) return updated.error();
    return {};
  }

 private:
  PgConnection& db_;
};

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
  InboundSteps steps(db);
  return common::resolveSenderConversation(steps, event, patient);
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

  InboundSteps steps(db);
  auto message_id = common::applyToMessage(steps, event);
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
