#pragma once

// Migration 1: the spec's section B schema in SQLite terms, plus the gateway's own
// tables and columns. UUID -> TEXT, JSONB -> TEXT holding JSON, TIMESTAMPTZ -> TEXT in
// formatIso8601's fixed-width UTC form, so comparing the text compares the instants.
// Included by migrations.cpp only.

#define MENSAJERO_SQL_UUID                                                                   \
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || "               \
  "substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random() % 4), 1) " \
  "|| substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))"
#define MENSAJERO_SQL_NOW "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"
#define MENSAJERO_SQL_ID "id TEXT PRIMARY KEY DEFAULT " MENSAJERO_SQL_UUID ",\n"

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV1 =
    "CREATE TABLE organizations (\n" MENSAJERO_SQL_ID
    "  name TEXT NOT NULL UNIQUE,\n"
    "  default_region TEXT NOT NULL DEFAULT 'US',\n"
    "  created_at TEXT NOT NULL DEFAULT " MENSAJERO_SQL_NOW
    ");\n"

    "CREATE TABLE patients (\n" MENSAJERO_SQL_ID
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  name TEXT,\n"
    "  phone TEXT,\n"
    "  whatsapp_id TEXT,\n"
    "  created_at TEXT NOT NULL DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  updated_at TEXT NOT NULL DEFAULT " MENSAJERO_SQL_NOW
    ");\n"
    "CREATE INDEX idx_patients_organization ON patients(organization_id);\n"

    "CREATE TABLE api_keys (\n" MENSAJERO_SQL_ID
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  name TEXT NOT NULL DEFAULT '',\n"
    "  key_hash TEXT NOT NULL UNIQUE,\n"
    "  created_at TEXT NOT NULL DEFAULT " MENSAJERO_SQL_NOW
    ");\n"
    "CREATE INDEX idx_api_keys_organization ON api_keys(organization_id);\n"

    "CREATE TABLE message_conversations (\n" MENSAJERO_SQL_ID
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  patient_id TEXT REFERENCES patients(id),\n"
    "  channel_type TEXT NOT NULL CHECK (channel_type IN ('whatsapp', 'sms', 'voice', 'email')),\n"
    "  channel_identifier TEXT NOT NULL,\n"
    "  status TEXT DEFAULT 'active' CHECK (status IN ('active', 'archived', 'blocked')),\n"
    "  metadata TEXT DEFAULT '{}',\n"
    "  created_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  updated_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  UNIQUE (organization_id, channel_type, channel_identifier)\n"
    ");\n"

    "CREATE TABLE message_templates (\n" MENSAJERO_SQL_ID
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  name TEXT NOT NULL,\n"
    "  category TEXT NOT NULL,\n"
    "  language TEXT DEFAULT 'es',\n"
    "  template_content TEXT NOT NULL,\n"
    "  provider_template_id TEXT,\n"
    "  status TEXT DEFAULT 'pending' CHECK (\n"
    "    status IN ('pending', 'approved', 'rejected', 'disabled')),\n"
    "  created_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  updated_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  UNIQUE (organization_id, name, language)\n"
    ");\n"

    "CREATE TABLE channel_instances (\n" MENSAJERO_SQL_ID
    "  organization_id TEXT NOT NULL REFERENCES organizations(id),\n"
    "  channel_type TEXT NOT NULL,\n"
    "  provider TEXT NOT NULL,\n"
    "  provider_config TEXT NOT NULL,\n"
    "  status TEXT DEFAULT 'inactive' CHECK (\n"
    "    status IN ('inactive', 'connecting', 'connected', 'disconnected', 'error')),\n"
    "  health_status TEXT DEFAULT 'unknown' CHECK (\n"
    "    health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')),\n"
    "  last_health_check TEXT,\n"
    "  error_count INTEGER DEFAULT 0,\n"
    "  last_error TEXT,\n"
    "  created_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  updated_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  UNIQUE (organization_id, channel_type, provider)\n"
    ");\n"

    // channel_instance_id has no foreign key: a message's history outlives its channel.
    "CREATE TABLE messages (\n" MENSAJERO_SQL_ID
    "  conversation_id TEXT NOT NULL REFERENCES message_conversations(id),\n"
    "  direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),\n"
    "  content TEXT,\n"
    "  message_type TEXT NOT NULL CHECK (\n"
    "    message_type IN ('text', 'template', 'media', 'interactive')),\n"
    "  template_id TEXT REFERENCES message_templates(id),\n"
    "  delivery_status TEXT DEFAULT 'pending' CHECK (\n"
    "    delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed', 'rejected')),\n"
    "  external_id TEXT,\n"
    "  error_code TEXT,\n"
    "  error_message TEXT,\n"
    "  metadata TEXT DEFAULT '{}',\n"
    "  created_at TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  sent_at TEXT,\n"
    "  delivered_at TEXT,\n"
    "  read_at TEXT,\n"
    "  recipient TEXT NOT NULL DEFAULT '',\n"
    "  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),\n"
    "  channel_instance_id TEXT,\n"
    "  attempts INTEGER NOT NULL DEFAULT 0,\n"
    "  next_attempt_at TEXT,\n"
    "  lease_owner TEXT,\n"
    "  lease_until TEXT\n"
    ");\n"
    "CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at);\n"
    "CREATE INDEX idx_messages_external_id ON messages(external_id);\n"
    "CREATE INDEX idx_messages_status_created ON messages(delivery_status, created_at);\n"
    "CREATE UNIQUE INDEX idx_messages_inbound_external_id ON messages(external_id)\n"
    "  WHERE direction = 'inbound';\n"
    // The outbox: claimDueOutbound walks it in (priority rank, due time, age) order. The
    // expression must match the claim query's ORDER BY text for the planner to use it.
    "CREATE INDEX idx_messages_outbox ON messages(\n"
    "  (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END),\n"
    "  next_attempt_at, created_at)\n"
    "  WHERE direction = 'outbound' AND delivery_status = 'pending';\n"

    "CREATE TABLE message_attempts (\n" MENSAJERO_SQL_ID
    "  message_id TEXT NOT NULL REFERENCES messages(id),\n"
    "  attempt_number INTEGER NOT NULL,\n"
    "  attempted_at TEXT NOT NULL,\n"
    "  channel_instance_id TEXT,\n"
    "  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed', 'retry')),\n"
    "  external_id TEXT,\n"
    "  error_code TEXT,\n"
    "  error_message TEXT,\n"
    "  UNIQUE (message_id, attempt_number)\n"
    ");\n"

    "CREATE TABLE system_health_metrics (\n" MENSAJERO_SQL_ID
    "  service_name TEXT NOT NULL,\n"
    "  metric_type TEXT NOT NULL,\n"
    "  metric_value REAL NOT NULL,\n"
    "  timestamp TEXT DEFAULT " MENSAJERO_SQL_NOW
    ",\n"
    "  metadata TEXT DEFAULT '{}'\n"
    ");\n"
    "CREATE INDEX idx_health_metrics_service_time ON system_health_metrics(service_name, "
    "timestamp);\n"
    "CREATE INDEX idx_health_metrics_type_time ON system_health_metrics(metric_type, timestamp);\n"

    "CREATE TABLE circuit_breaker_events (\n" MENSAJERO_SQL_ID
    "  service_name TEXT NOT NULL,\n"
    "  event_type TEXT NOT NULL,\n"
    "  failure_count INTEGER,\n"
    "  error_details TEXT,\n"
    "  timestamp TEXT DEFAULT " MENSAJERO_SQL_NOW
    ");\n"
    "CREATE INDEX idx_circuit_breaker_service_time ON circuit_breaker_events(service_name, "
    "timestamp);\n"

    // organization_id has no foreign key: the raw delivery is kept even when its organization
    // is unknown or later removed. timestamp mirrors received_at.
    "CREATE TABLE webhook_logs (\n" MENSAJERO_SQL_ID
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
    "  UNIQUE (payload_hash)\n"
    ");\n"
    "CREATE INDEX idx_webhook_logs_provider_time ON webhook_logs(provider, timestamp);\n"
    "CREATE INDEX idx_webhook_logs_status_time ON webhook_logs(status, timestamp);\n"

    "CREATE TABLE webhook_events (\n"
    "  event_key TEXT PRIMARY KEY,\n"
    "  processed_at TEXT NOT NULL\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX idx_webhook_events_processed ON webhook_events(processed_at);\n";

}  // namespace mensajero::storage::sqlite

#undef MENSAJERO_SQL_ID
#undef MENSAJERO_SQL_NOW
#undef MENSAJERO_SQL_UUID
