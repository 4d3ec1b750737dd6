#pragma once

// Migration 3: webhook deduplication per organization. A delivery's bytes are unique per
// (organization, payload_hash), so bytes validly signed for two organizations are stored at
// each endpoint; an event key is remembered per (organization, event_key), so one
// organization's events never shadow another's. SQLite cannot drop a table constraint, so
// webhook_logs is rebuilt (keeping each row's rowid, which orders unprocessed rows).
// Processed event keys from before are dropped: replaying an event is harmless (statuses
// only move forward, inbound messages are deduplicated by external_id), and their
// organization is not recorded. Included by migrations.cpp only.

// The same defaults as migration 1's webhook_logs.
#define MENSAJERO_SQL_UUID                                                                   \
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "               \
  "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) " \
  "|| substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
#define MENSAJERO_SQL_NOW "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV3 =
    "CREATE TABLE webhook_logs_v3 (\n"
    "  id TEXT PRIMARY KEY DEFAULT " MENSAJERO_SQL_UUID
    ",\n"
    "  webhook_id TEXT,\n"
    "  provider TEXT NOT NULL,\n"
    "  event_type TEXT NOT NULL,\n"
    "  processing_time_ms INTEGER,\n"
    "  status TEXT NOT NULL,\n"
    "  error_message TEXT,\n"
    "  payload_hash TEXT,\n"
    "  timestamp TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  organization_id TEXT,\n"
    "  payload TEXT,\n"
    "  received_at TEXT,\n"
    "  processed_at TEXT,\n"
    "  UNIQUE (organization_id, payload_hash)\n"
    ");\n"
    "INSERT INTO webhook_logs_v3 (rowid, id, webhook_id, provider, event_type, "
    "processing_time_ms, status, error_message, payload_hash, timestamp, organization_id, "
    "payload, received_at, processed_at)\n"
    "  SELECT rowid, id, webhook_id, provider, event_type, processing_time_ms, status, "
    "error_message, payload_hash, timestamp, organization_id, payload, received_at, "
    "processed_at FROM webhook_logs;\n"
    "DROP TABLE webhook_logs;\n"
    "ALTER TABLE webhook_logs_v3 RENAME TO webhook_logs;\n"
    "CREATE INDEX idx_webhook_logs_provider_time ON webhook_logs(provider, timestamp);\n"
    "CREATE INDEX idx_webhook_logs_status_time ON webhook_logs(status, timestamp);\n"

    "DROP TABLE webhook_events;\n"
    "CREATE TABLE webhook_events (\n"
    "  organization_id TEXT NOT NULL,\n"
    "  event_key TEXT NOT NULL,\n"
    "  processed_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (organization_id, event_key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX idx_webhook_events_processed ON webhook_events(processed_at);\n";

}  // namespace mensajero::storage::sqlite

#undef MENSAJERO_SQL_NOW
#undef MENSAJERO_SQL_UUID
