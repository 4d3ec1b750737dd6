#pragma once

// Migration 6 (issue 9), as SQLite's migration 6: inbound events that are not messages and
// the business-scoped user ids (Meta BSUID) that name a conversation's sender. Included by
// migrations.cpp only.
// At merge: goes after kSchemaV5 (messages.content_json, h/content).

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV6 = R"sql(
CREATE TABLE inbound_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  seq BIGINT GENERATED ALWAYS AS IDENTITY,
  organization_id UUID NOT NULL REFERENCES organizations(id),
  conversation_id UUID REFERENCES message_conversations(id),
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  related_external_id TEXT,
  message_id UUID REFERENCES messages(id),
  code TEXT,
  detail JSONB NOT NULL DEFAULT '{}',
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (organization_id, kind, external_id)
);
CREATE INDEX idx_inbound_events_conversation ON inbound_events(conversation_id, created_at, seq);
CREATE TABLE conversation_user_ids (
  organization_id UUID NOT NULL REFERENCES organizations(id),
  channel_type TEXT NOT NULL,
  user_id TEXT NOT NULL,
  conversation_id UUID NOT NULL REFERENCES message_conversations(id),
  PRIMARY KEY (organization_id, channel_type, user_id)
);
)sql";

}  // namespace mensajero::storage::postgres
