#include "storage/sqlite/conversation_page.h"

#include <utility>

#include <algorithm>
#include <cstdint>

#include "storage/sqlite/rows.h"

namespace mensajero::storage::sqlite {
namespace {

// A message's place in its conversation. rowid breaks ties between messages created in the
// same millisecond, in arrival order.
struct Position {
  std::string created_at;
  std::int64_t rowid = 0;
};

Error invalid(const char* code, const char* message) {
  return makeError(ErrorCategory::Invalid, code, message);
}

Status loadPatient(Connection& db, ConversationPage& page) {
  if (!page.conversation.patient_id) return {};
  auto select = db.prepare("SELECT " MENSAJERO_PATIENT_COLUMNS " FROM patients WHERE id = ?1");
  if (!select) return select.error();
  select->bindText(1, *page.conversation.patient_id);
  auto patient = queryOne(*select, readPatient);
  if (!patient) return patient.error();
  page.patient = std::move(*patient);
  return {};
}

Status loadTotals(Connection& db, ConversationPage& page) {
  auto totals =
      db.prepare("SELECT count(*), max(created_at) FROM messages WHERE conversation_id = ?1");
  if (!totals) return totals.error();
  totals->bindText(1, page.conversation.id);
  if (auto row = totals->next(); !row) return row.error();
  page.total_messages = totals->integer(0);
  page.last_activity = totals->optTime(1).value_or(page.conversation.updated_at);
  return {};
}

Status loadUnread(Connection& db, ConversationPage& page) {
  Position last_outbound;  // ("", 0) precedes every message when nothing was sent yet
  {
    auto select = db.prepare(
        "SELECT created_at, rowid FROM messages WHERE conversation_id = ?1 AND "
        "direction = 'outbound' ORDER BY created_at DESC, rowid DESC LIMIT 1");
    if (!select) return select.error();
    select->bindText(1, page.conversation.id);
    auto row = select->next();
    if (!row) return row.error();
    if (*row) last_outbound = Position{select->text(0), select->integer(1)};
  }
  auto count = db.prepare(
      "SELECT count(*) FROM messages WHERE conversation_id = ?1 AND direction = 'inbound' "
      "AND (created_at, rowid) > (?2, ?3)");
  if (!count) return count.error();
  count->bindText(1, page.conversation.id);
  count->bindText(2, last_outbound.created_at);
  count->bindInt(3, last_outbound.rowid);
  if (auto row = count->next(); !row) return row.error();
  page.unread_count = count->integer(0);
  return {};
}

Result<std::optional<Position>> findCursor(Connection& db, std::string_view conversation_id,
                                           const std::string& message_id) {
  auto select =
      db.prepare("SELECT created_at, rowid FROM messages WHERE id = ?1 AND conversation_id = ?2");
  if (!select) return select.error();
  select->bindText(1, message_id);
  select->bindText(2, conversation_id);
  return queryOne(*select, [](const Statement& row) {
    return Position{row.text(0), row.integer(1)};
  });
}

Status loadMessages(Connection& db, ConversationPage& page, int limit,
                    const std::optional<Position>& before) {
  // Two texts rather than one with "?2 IS NULL OR ...", so each walks the index as a range.
  auto select = db.prepare(
      before ? "SELECT " MENSAJERO_MESSAGE_COLUMNS
               " FROM messages WHERE conversation_id = ?1 AND (created_at, rowid) < (?2, ?3) "
               "ORDER BY created_at DESC, rowid DESC LIMIT ?4"
             : "SELECT " MENSAJERO_MESSAGE_COLUMNS
               " FROM messages WHERE conversation_id = ?1 "
               "ORDER BY created_at DESC, rowid DESC LIMIT ?4");
  if (!select) return select.error();
  select->bindText(1, page.conversation.id);
  if (before) {
    select->bindText(2, before->created_at);
    select->bindInt(3, before->rowid);
  }
  select->bindInt(4, static_cast<std::int64_t>(limit) + 1);  // one more tells has_more
  auto messages = queryAll(*select, readMessage);
  if (!messages) return messages.error();
  page.messages = std::move(*messages);
  page.has_more = page.messages.size() > static_cast<std::size_t>(limit);
  if (page.has_more) page.messages.pop_back();
  std::reverse(page.messages.begin(), page.messages.end());
  return {};
}

Status loadEvents(Connection& db, ConversationPage& page) {
  auto select = db.prepare(
      "SELECT id, kind, external_id, related_external_id, message_id, code, detail, created_at "
      "FROM inbound_events WHERE conversation_id = ?1 ORDER BY created_at DESC, rowid DESC "
      "LIMIT ?2");
  if (!select) return select.error();
  select->bindText(1, page.conversation.id);
  select->bindInt(2, kConversationPageEvents);
  auto events = queryAll(*select, [](const Statement& row) {
    return InboundEventRecord{row.text(0),    row.text(1),    row.text(2), row.optText(3),
                              row.optText(4), row.optText(5), row.text(6), row.time(7)};
  });
  if (!events) return events.error();
  page.events.assign(events->rbegin(), events->rend());
  return {};
}

}  // namespace

Result<std::optional<ConversationPage>> readConversationPage(
    Connection& db, std::string_view organization_id, std::string_view conversation_id, int limit,
    const std::optional<std::string>& before_message_id) {
  if (limit < 0) return invalid("invalid_limit", "page limit is negative");
  auto snapshot = ReadSnapshot::begin(db);
  if (!snapshot) return snapshot.error();

  ConversationPage page;
  {
    auto select = db.prepare("SELECT " MENSAJERO_CONVERSATION_COLUMNS
                             " FROM message_conversations WHERE id = ?1 AND organization_id = ?2");
    if (!select) return select.error();
    select->bindText(1, conversation_id);
    select->bindText(2, organization_id);
    auto conversation = queryOne(*select, readConversation);
    if (!conversation) return conversation.error();
    if (!*conversation) return std::optional<ConversationPage>();
    page.conversation = std::move(**conversation);
  }
  std::optional<Position> before;
  if (before_message_id) {
    auto cursor = findCursor(db, conversation_id, *before_message_id);
    if (!cursor) return cursor.error();
    if (!*cursor) return invalid("invalid_cursor", "cursor is not a message of the conversation");
    before = std::move(*cursor);
  }
  if (Status loaded = loadPatient(db, page); !loaded) return loaded.error();
  if (Status loaded = loadTotals(db, page); !loaded) return loaded.error();
  if (Status loaded = loadUnread(db, page); !loaded) return loaded.error();
  if (Status loaded = loadMessages(db, page, limit, before); !loaded) return loaded.error();
  if (Status loaded = loadEvents(db, page); !loaded) return loaded.error();
  return std::optional<ConversationPage>(std::move(page));
}

}  // namespace mensajero::storage::sqlite
