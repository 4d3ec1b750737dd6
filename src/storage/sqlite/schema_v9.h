#pragma once

// Migration 9 (issue 11): the customer-service window. A conversation keeps the time of its
// newest inbound message, so every instance decides the window from the same row
// (core/service_window.h). Conversations from before are backfilled from their messages.
// Times are ISO-8601 text, as the other columns; max() on that text is the newest time.
// Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV9 =
    "ALTER TABLE message_conversations ADD COLUMN last_inbound_at TEXT;\n"
    "UPDATE message_conversations SET last_inbound_at = (SELECT max(m.created_at) FROM "
    "messages m WHERE m.conversation_id = message_conversations.id AND m.direction = "
    "'inbound');\n";

}  // namespace mensajero::storage::sqlite
