#include "storage/sqlite/inbound_event_ops.h"

#include <optional>
#include <string_view>

#include "storage/common/message_effects.h"
#include "storage/common/sender_conversation.h"
#include "storage/sqlite/conversation_ops.h"
#include "storage/sqlite/ids.h"

namespace mensajero::storage::sqlite {
namespace {

using common::TargetMessage;

// The store's halves of the common inbound rules.
class InboundSteps final : public common::SenderConversationSteps,
                           public common::MessageEffectSteps {
 public:
  explicit InboundSteps(Connection& db) : db_(db) {}

  Result<std::string> findOrCreateConversation(const InboundEvent& event,
                                               const PatientRecord& patient) override {
    const ConversationKey key{event.organization_id, event.channel_type, event.channel_identifier};
    return sqlite::findOrCreateConversation(db_, key, patient, event.at);
  }

  Result<std::optional<std::string>> linkedConversation(const InboundEvent& event) override {
    auto select = db_.prepare(
        "SELECT conversation_id FROM conversation_user_ids "
        "WHERE organization_id = ?1 AND channel_type = ?2 AND user_id = ?3");
    if (!select) return select.error();
    select->bindText(1, event.organization_id);
    select->bindText(2, domain::toText(event.channel_type));
    select->bindText(3, event.user_id);
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(select->text(0));
  }

  Status linkUserId(const InboundEvent& event, const std::string& conversation_id) override {
    auto upsert = db_.prepare(
        "INSERT INTO conversation_user_ids (organization_id, channel_type, user_id, "
        "conversation_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (organization_id, channel_type, "
        "user_id) DO UPDATE SET conversation_id = excluded.conversation_id");
    if (!upsert) return upsert.error();
    upsert->bindText(1, event.organization_id);
    upsert->bindText(2, domain::toText(event.channel_type));
    upsert->bindText(3, event.user_id);
    upsert->bindText(4, conversation_id);
    return upsert->run();
  }

  // Moves everything of conversation `from` (one keyed by a user id only) into `into`.
  Status mergeInto(const std::string& from, const std::string& into, UnixMillis at) override {
    // The window moves with the messages: `into` keeps the newer of the two inbound times.
    for (const char* sql : {"UPDATE messages SET conversation_id = ?2 WHERE conversation_id = ?1",
                            "UPDATE inbound_events SET conversation_id = ?2 "
                            "WHERE conversation_id = ?1",
                            "UPDATE message_conversations SET last_inbound_at = (SELECT "
                            "max(last_inbound_at) FROM message_conversations WHERE id IN (?1, ?2)) "
                            "WHERE id = ?2"}) {
      auto move = db_.prepare(sql);
      if (!move) return move.error();
      move->bindText(1, from);
      move->bindText(2, into);
      if (Status moved = move->run(); !moved) return moved.error();
    }
    auto archive = db_.prepare(
        "UPDATE message_conversations SET status = 'archived', "
        "metadata = json_set(CASE WHEN json_valid(metadata) THEN metadata ELSE '{}' END, "
        "'$.mergedInto', ?2), updated_at = ?3 "
        "WHERE id = ?1");
    if (!archive) return archive.error();
    archive->bindText(1, from);
    archive->bindText(2, into);
    archive->bindTime(3, at);
    return archive->run();
  }

  Result<std::string> conversationKey(const std::string& conversation_id) override {
    auto select = db_.prepare("SELECT channel_identifier FROM message_conversations WHERE id = ?1");
    if (!select) return select.error();
    select->bindText(1, conversation_id);
    auto row = select->next();
    if (!row) return row.error();
    return *row ? select->text(0) : std::string();
  }

  // The organization's message with provider id `external_id`; inbound only when asked.
  Result<std::optional<TargetMessage>> findTarget(const InboundEvent& event,
                                                  bool inbound_only) override {
    auto select = db_.prepare(
        "SELECT m.id, m.content, m.metadata FROM messages m "
        "JOIN message_conversations c ON c.id = m.conversation_id "
        "WHERE m.external_id = ?1 AND c.organization_id = ?2 AND (?3 = 0 OR m.direction = "
        "'inbound') LIMIT 1");
    if (!select) return select.error();
    select->bindText(1, event.related_external_id);
    select->bindText(2, event.organization_id);
    select->bindInt(3, inbound_only ? 1 : 0);
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return std::optional<TargetMessage>();
    return std::optional<TargetMessage>(
        TargetMessage{select->text(0), select->text(1), select->text(2)});
  }

  Status updateMessage(const std::string& id, const std::string& content,
                       const std::string& metadata) override {
    auto update = db_.prepare("UPDATE messages SET content = ?2, metadata = ?3 WHERE id = ?1");
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindText(2, content);
    update->bindText(3, metadata);
    return update->run();
  }

 private:
  Connection& db_;
};

// The sender has a new number: their patient record follows, and so does the conversation
// unless the new number already has one (then the next message from it goes there).
Status applyNumberChange(Connection& db, const InboundEvent& event,
                         const std::string& conversation_id, UnixMillis at) {
  if (event.kind != "number_change" || event.new_channel_identifier.empty()) return {};
  auto patient = db.prepare(
      "UPDATE patients SET phone = ?2, whatsapp_id = ?3, updated_at = ?4 WHERE id = "
      "(SELECT patient_id FROM message_conversations WHERE id = ?1)");
  if (!patient) return patient.error();
  patient->bindText(1, conversation_id);
  patient->bindText(2, event.new_channel_identifier);
  patient->bindText(3, event.new_whatsapp_id);
  patient->bindTime(4, at);
  if (Status updated = patient->run(); !updated) return updated.error();
  auto conversation = db.prepare(
      "UPDATE message_conversations SET channel_identifier = ?2, updated_at = ?3 WHERE id = ?1 "
      "AND NOT EXISTS (SELECT 1 FROM message_conversations o WHERE o.organization_id = "
      "message_conversations.organization_id AND o.channel_type = "
      "message_conversations.channel_type AND o.channel_identifier = ?2)");
  if (!conversation) return conversation.error();
  conversation->bindText(1, conversation_id);
  conversation->bindText(2, event.new_channel_identifier);
  conversation->bindTime(3, at);
  return conversation->run();
}

}  // namespace

Result<std::string> resolveSenderConversation(Connection& db, const InboundEvent& event,
                                              const PatientRecord& patient) {
  InboundSteps steps(db);
  return common::resolveSenderConversation(steps, event, patient);
}

Result<bool> recordInboundEvent(Connection& db, const InboundEvent& event,
                                const std::string& conversation_id) {
  auto insert = db.prepare(
      "INSERT INTO inbound_events (id, organization_id, conversation_id, kind, external_id, "
      "related_external_id, code, detail, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT (organization_id, kind, external_id) DO NOTHING");
  if (!insert) return insert.error();
  const std::string id = newId();
  insert->bindText(1, id);
  insert->bindText(2, event.organization_id);
  insert->bindText(3, conversation_id);
  insert->bindText(4, event.kind);
  insert->bindText(5, event.external_id);
  insert->bindTextOrNull(6, event.related_external_id);
  insert->bindOptText(7, event.code);
  insert->bindText(8, event.detail);
  insert->bindTime(9, event.at);
  if (Status inserted = insert->run(); !inserted) return inserted.error();
  if (insert->changes() == 0) return false;

  InboundSteps steps(db);
  auto message_id = common::applyToMessage(steps, event);
  if (!message_id) return message_id.error();
  if (!message_id->empty()) {
    auto link = db.prepare("UPDATE inbound_events SET message_id = ?2 WHERE id = ?1");
    if (!link) return link.error();
    link->bindText(1, id);
    link->bindText(2, *message_id);
    if (Status linked = link->run(); !linked) return linked.error();
  }
  if (Status changed = applyNumberChange(db, event, conversation_id, event.at); !changed) {
    return changed.error();
  }
  return true;
}

}  // namespace mensajero::storage::sqlite
