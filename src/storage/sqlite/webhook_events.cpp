#include "storage/sqlite/webhook_events.h"

#include <optional>
#include <string>
#include <string_view>

#include "core/domain/status_transition.h"
#include "storage/common/column_enums.h"
#include "storage/common/inbound_event.h"
#include "storage/common/record_validation.h"
#include "storage/common/status_event.h"
#include "storage/sqlite/conversation_ops.h"
#include "storage/sqlite/ids.h"
#include "storage/sqlite/inbound_event_ops.h"

namespace mensajero::storage::sqlite {
namespace {

using common::MatchedMessage;

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

// The store's half of common::applyStatusEvent. Only the event's organization's messages
// match: the organization is the one whose webhook endpoint received (and whose secret
// signed) the event.
class StatusSteps final : public common::StatusEventSteps {
 public:
  explicit StatusSteps(Connection& db) : db_(db) {}

  Result<std::optional<MatchedMessage>> findByExternalId(const StatusEvent& event) override {
    return findBy(
        "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
        "JOIN message_conversations c ON c.id = m.conversation_id "
        "WHERE m.external_id = ?1 AND m.direction = 'outbound' AND c.organization_id = ?2 "
        "LIMIT 1",
        event.external_id, event.organization_id);
  }

  Result<std::optional<MatchedMessage>> findByMessageId(const StatusEvent& event) override {
    return findBy(
        "SELECT m.id, m.delivery_status, m.external_id FROM messages m "
        "JOIN message_conversations c ON c.id = m.conversation_id "
        "WHERE m.id = ?1 AND m.direction = 'outbound' AND c.organization_id = ?2",
        *event.message_id, event.organization_id);
  }

  Result<bool> namesAnyMessage(const StatusEvent& event) override {
    auto select = db_.prepare(
        "SELECT 1 FROM messages WHERE direction = 'outbound' AND "
        "((?1 <> '' AND external_id = ?1) OR id = ?2) LIMIT 1");
    if (!select) return select.error();
    select->bindText(1, event.external_id);
    select->bindOptText(2, event.message_id);
    auto row = select->next();
    if (!row) return row.error();
    return *row;
  }

  Result<bool> rememberKey(const StatusEvent& event, UnixMillis seen_at) override {
    return sqlite::rememberKey(db_, event.organization_id, event.event_key, seen_at);
  }

  Status fillExternalId(const std::string& id, const std::string& external_id) override {
    auto update =
        db_.prepare("UPDATE messages SET external_id = ?2 WHERE id = ?1 AND external_id IS NULL");
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindText(2, external_id);
    return update->run();
  }

  Status markFailed(const std::string& id, const StatusEvent& event) override {
    auto update = db_.prepare(
        "UPDATE messages SET delivery_status = 'failed', error_code = ?2, error_message = ?3 "
        "WHERE id = ?1");
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindOptText(2, event.error_code);
    update->bindOptText(3, event.error_message);
    return update->run();
  }

  Status moveForward(const std::string& id, const StatusEvent& event,
                     domain::StatusDates dates) override {
    auto update = db_.prepare(
        "UPDATE messages SET delivery_status = ?2, sent_at = coalesce(sent_at, ?3), "
        "delivered_at = CASE WHEN ?4 THEN coalesce(delivered_at, ?3) ELSE delivered_at END, "
        "read_at = CASE WHEN ?5 THEN coalesce(read_at, ?3) ELSE read_at END WHERE id = ?1");
    if (!update) return update.error();
    update->bindText(1, id);
    update->bindText(2, domain::toText(event.status));
    update->bindTime(3, event.at);
    update->bindInt(4, dates.delivered_at ? 1 : 0);
    update->bindInt(5, dates.read_at ? 1 : 0);
    return update->run();
  }

 private:
  Result<std::optional<MatchedMessage>> findBy(const char* sql, std::string_view value,
                                               std::string_view organization_id) {
    auto select = db_.prepare(sql);
    if (!select) return select.error();
    select->bindText(1, value);
    select->bindText(2, organization_id);
    auto row = select->next();
    if (!row) return row.error();
    if (!*row) return std::optional<MatchedMessage>();
    return std::optional<MatchedMessage>(MatchedMessage{
        select->text(0), common::deliveryStatusColumn(select->text(1)), !select->isNull(2)});
  }

  Connection& db_;
};

// The store's half of common::applyInboundEvent.
class InboundApplySteps final : public common::InboundEventSteps {
 public:
  explicit InboundApplySteps(Connection& db) : db_(db) {}

  Result<bool> firstSighting(const InboundEvent& event, UnixMillis seen_at) override {
    auto fresh = sqlite::rememberKey(db_, event.organization_id, event.event_key, seen_at);
    if (!fresh || !*fresh || event.external_id.empty()) return fresh;
    auto seen =
        db_.prepare("SELECT 1 FROM messages WHERE external_id = ?1 AND direction = 'inbound'");
    if (!seen) return seen.error();
    seen->bindText(1, event.external_id);
    auto row = seen->next();
    if (!row) return row.error();
    return !*row;
  }

  Result<std::string> senderConversation(const InboundEvent& event,
                                         const PatientRecord& patient) override {
    return resolveSenderConversation(db_, event, patient);
  }

  Result<bool> recordEvent(const InboundEvent& event, const std::string& conversation_id) override {
    return recordInboundEvent(db_, event, conversation_id);
  }

  Result<bool> insertMessage(const InboundEvent& event,
                             const std::string& conversation_id) override {
    auto insert = db_.prepare(
        "INSERT INTO messages (id, conversation_id, direction, content, message_type, "
        "delivery_status, external_id, metadata, created_at, delivered_at, channel_instance_id, "
        "content_json) VALUES (?1, ?2, 'inbound', ?3, ?4, 'delivered', ?5, '{}', ?6, ?6, ?7, "
        "?8)");
    if (!insert) return insert.error();
    insert->bindText(1, newId());
    insert->bindText(2, conversation_id);
    insert->bindText(3, event.content);
    insert->bindText(4, event.message_type);
    insert->bindTextOrNull(5, event.external_id);
    insert->bindTime(6, event.at);
    insert->bindOptText(7, event.channel_instance_id);
    insert->bindOptText(8, event.content_json);
    if (Status inserted = insert->run(); !inserted) return inserted.error();
    return true;
  }

  Status noteInboundAt(const std::string& conversation_id, UnixMillis at) override {
    // Fixed-width ISO-8601 text sorts like the time, so max() keeps the newest.
    auto update = db_.prepare(
        "UPDATE message_conversations SET last_inbound_at = "
        "CASE WHEN last_inbound_at IS NULL OR last_inbound_at < ?2 THEN ?2 "
        "ELSE last_inbound_at END WHERE id = ?1");
    if (!update) return update.error();
    update->bindText(1, conversation_id);
    update->bindTime(2, at);
    return update->run();
  }

 private:
  Connection& db_;
};

}  // namespace

Result<StatusOutcome> applyStatusEvent(Connection& db, const StatusEvent& event,
                                       UnixMillis seen_at) {
  StatusSteps steps(db);
  return common::applyStatusEvent(steps, event, seen_at);
}

Status validateInbound(const InboundEvent& event) { return common::validateInbound(event); }

Result<InboundOutcome> applyInboundEvent(Connection& db, const InboundEvent& event,
                                         UnixMillis seen_at) {
  InboundApplySteps steps(db);
  return common::applyInboundEvent(steps, event, seen_at);
}

}  // namespace mensajero::storage::sqlite
