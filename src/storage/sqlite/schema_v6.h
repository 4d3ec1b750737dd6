#pragma once

// Migration 6 (issue 9): inbound events that are not messages (reactions, edits, system
// notices, unsupported types, errors) and the business-scoped user ids (Meta BSUID) that
// name a conversation's sender. One row per (organization, kind, provider message id), so a
// redelivery records nothing twice. detail is a JSON object (emoji, old/new ids, error
// title), never message text. Included by migrations.cpp only.
// At merge: goes after kSchemaV5 (messages.content_json, h/content).

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV6 =
    "CREATE TABLE inbound_events (\n"
    "  id TEXT PRIMARY KEY,\n"
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  conversation_id TEXT REFERENCES message_conversations(id),\n"
    "  kind TEXT NOT NULL,\n"
    "  external_id TEXT NOT NULL,\n"
    "  related_external_id TEXT,\n"
    "  message_id TEXT REFERENCES messages(id),\n"
    "  code TEXT,\n"
    "  detail TEXT NOT NULL DEFAULT '{}',\n"
    "  created_at TEXT NOT NULL,\n"
    "  UNIQUE (organization_id, kind, external_id)\n"
    ");\n"
    "CREATE INDEX idx_inbound_events_conversation ON inbound_events(conversation_id, created_at);\n"
    "CREATE TABLE conversation_user_ids (\n"
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  channel_type TEXT NOT NULL,\n"
    "  user_id TEXT NOT NULL,\n"
    "  conversation_id TEXT NOT NULL REFERENCES message_conversations(id),\n"
    "  PRIMARY KEY (organization_id, channel_type, user_id)\n"
    ");\n";

}  // namespace mensajero::storage::sqlite
