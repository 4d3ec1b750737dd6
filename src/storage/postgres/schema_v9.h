#pragma once

// Migration 9 (issue 11), as SQLite's migration 9: each conversation's newest inbound message
// time (the customer-service window, core/service_window.h), backfilled from its messages.
// Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV9 = R"sql(
ALTER TABLE message_conversations ADD COLUMN last_inbound_at TIMESTAMP WITH TIME ZONE;
UPDATE message_conversations c SET last_inbound_at = (SELECT max(m.created_at) FROM messages m
  WHERE m.conversation_id = c.id AND m.direction = 'inbound');
)sql";

}  // namespace mensajero::storage::postgres
