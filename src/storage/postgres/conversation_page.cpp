#include "storage/postgres/conversation_page.h"

#include <utility>

#include <algorithm>
#include <cstdint>

#include "storage/postgres/pg_sql.h"
#include "storage/postgres/rows.h"

namespace mensajero::storage::postgres {
namespace {

Error invalid(const char* code, const char* message) {
  return makeError(ErrorCategory::Invalid, code, message);
}

Status loadPatient(PgConnection& db, ConversationPage& page) {
  if (!page.conversation.patient_id) return {};
  auto patient = queryOne(db, "SELECT " MENSAJERO_PG_PATIENT_COLUMNS " FROM patients WHERE id = $1",
                          PgParams().id(*page.conversation.patient_id), readPatient);
  if (!patient) return patient.error();
  page.patient = std::move(*patient);
  return {};
}

// Totals, last activity and unread (inbound messages after the last outbound one, by
// (created_at, seq)) in one statement. Each part is its own index read of the conversation's
// messages: the count an index-only scan, the last activity the index's last entry, and unread
// only the range since the last outbound message, so the row-by-row test that once covered
// every message (12 ms for a conversation of 10,000 on the benchmark machine, issue 13) covers
// only what came after it.
Status loadSummary(PgConnection& db, ConversationPage& page) {
  auto summary = db.run(
      "WITH last_outbound AS (SELECT created_at, seq FROM messages WHERE conversation_id = $1 "
      "AND direction = 'outbound' ORDER BY created_at DESC, seq DESC LIMIT 1) "
      "SELECT (SELECT count(*) FROM messages WHERE conversation_id = $1), "
      "(SELECT " PG_MILLIS("max(created_at)") " FROM messages WHERE conversation_id = $1), "
      "(SELECT count(*) FROM messages m WHERE m.conversation_id = $1 AND "
      "m.direction = 'inbound' AND "
      "m.created_at >= coalesce((SELECT created_at FROM last_outbound), '-infinity') AND "
      "NOT EXISTS (SELECT 1 FROM last_outbound o WHERE (o.created_at, o.seq) > "
      "(m.created_at, m.seq)))",
      PgParams().id(page.conversation.id));
  if (!summary) return summary.error();
  page.total_messages = summary->integer(0, 0);
  page.last_activity = summary->optTime(0, 1).value_or(page.conversation.updated_at);
  page.unread_count = summary->integer(0, 2);
  return {};
}

Status requireCursor(PgConnection& db, std::string_view conversation_id,
                     const std::string& message_id) {
  auto found = db.run("SELECT 1 FROM messages WHERE id = $1 AND conversation_id = $2",
                      PgParams().id(message_id).id(conversation_id));
  if (!found) return found.error();
  if (found->empty())
    return invalid("invalid_cursor", "cursor is not a message of the conversation");
  return {};
}

Status loadMessages(PgConnection& db, ConversationPage& page, int limit,
                    const std::optional<std::string>& before) {
  PgParams params;
  params.id(page.conversation.id).integer(static_cast<std::int64_t>(limit) + 1);  // +1: has_more
  if (before) params.id(*before);
  // Two texts rather than one with "$3 IS NULL OR ...", so each walks the index as a range.
  auto messages =
      queryAll(db,
               before ? "SELECT " MENSAJERO_PG_MESSAGE_COLUMNS
                        " FROM messages WHERE conversation_id = $1 AND (created_at, seq) < "
                        "(SELECT created_at, seq FROM messages WHERE id = $3) "
                        "ORDER BY created_at DESC, seq DESC LIMIT $2"
                      : "SELECT " MENSAJERO_PG_MESSAGE_COLUMNS
                        " FROM messages WHERE conversation_id = $1 "
                        "ORDER BY created_at DESC, seq DESC LIMIT $2",
               params, readMessage);
  if (!messages) return messages.error();
  page.messages = std::move(*messages);
  page.has_more = page.messages.size() > static_cast<std::size_t>(limit);
  if (page.has_more) page.messages.pop_back();
  std::reverse(page.messages.begin(), page.messages.end());
  return {};
}

Status loadEvents(PgConnection& db, ConversationPage& page) {
  auto events = queryAll(
      db,
      "SELECT id, kind, external_id, related_external_id, message_id, code, detail, " PG_MILLIS(
          "created_at") " FROM inbound_events WHERE conversation_id = $1 "
                        "ORDER BY created_at DESC, seq DESC LIMIT $2",
      PgParams().id(page.conversation.id).integer(kConversationPageEvents),
      [](const PgResult& rows, int row) {
        return InboundEventRecord{rows.text(row, 0),    rows.text(row, 1),
                                  rows.text(row, 2),    rows.optText(row, 3),
                                  rows.optText(row, 4), rows.optText(row, 5),
                                  rows.json(row, 6),    rows.time(row, 7)};
      });
  if (!events) return events.error();
  page.events.assign(events->rbegin(), events->rend());
  return {};
}

}  // namespace

Result<std::optional<ConversationPage>> readConversationPage(
    PgConnection& db, std::string_view organization_id, std::string_view conversation_id, int limit,
    const std::optional<std::string>& before_message_id) {
  if (limit < 0) return invalid("invalid_limit", "page limit is negative");
  auto conversation =
      queryOne(db,
               "SELECT " MENSAJERO_PG_CONVERSATION_COLUMNS
               " FROM message_conversations WHERE id = $1 AND organization_id = $2",
               PgParams().id(conversation_id).id(organization_id), readConversation);
  if (!conversation) return conversation.error();
  if (!*conversation) return std::optional<ConversationPage>();
  ConversationPage page;
  page.conversation = std::move(**conversation);
  if (before_message_id) {
    if (Status cursor = requireCursor(db, conversation_id, *before_message_id); !cursor) {
      return cursor.error();
    }
  }
  if (Status loaded = loadPatient(db, page); !loaded) return loaded.error();
  if (Status loaded = loadSummary(db, page); !loaded) return loaded.error();
  if (Status loaded = loadMessages(db, page, limit, before_message_id); !loaded) {
    return loaded.error();
  }
  if (Status loaded = loadEvents(db, page); !loaded) return loaded.error();
  return std::optional<ConversationPage>(std::move(page));
}

}  // namespace mensajero::storage::postgres
