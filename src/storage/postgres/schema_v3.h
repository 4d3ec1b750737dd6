#pragma once

// Migration 3: webhook deduplication per organization, as SQLite's migration 3. A delivery's
// bytes are unique per (organization, payload_hash) and an event key per (organization,
// event_key). Processed event keys from before are dropped: replaying an event is harmless
// (statuses only move forward, inbound messages are deduplicated by external_id), and their
// organization is not recorded. Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE webhook_logs DROP CONSTRAINT webhook_logs_payload_hash_key;
ALTER TABLE webhook_logs ADD CONSTRAINT webhook_logs_organization_payload_hash_key
  UNIQUE (organization_id, payload_hash);

DROP TABLE webhook_events;
CREATE TABLE webhook_events (
  organization_id UUID NOT NULL,
  event_key TEXT NOT NULL,
  processed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (organization_id, event_key)
);
CREATE INDEX idx_webhook_events_processed ON webhook_events(processed_at);
)sql";

}  // namespace mensajero::storage::postgres
