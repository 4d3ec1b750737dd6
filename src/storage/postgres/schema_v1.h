#pragma once

// Migration 1: the spec's section B schema as written (UUID ids from gen_random_uuid(),
// JSONB, TIMESTAMPTZ, its CHECK constraints, indexes and unique constraints; the spec's
// inline INDEX clauses become CREATE INDEX), preceded by the tables it references but does
// not define (organizations, patients) and followed by the gateway's own tables and columns,
// the same as SQLite's migration 1. Where SQLite orders ties by rowid, tables here carry
// `seq`, an identity column in insertion order. Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE organizations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  name TEXT NOT NULL UNIQUE,
  default_region TEXT NOT NULL DEFAULT 'US',
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);

CREATE TABLE patients (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  name TEXT,
  phone TEXT,
  whatsapp_id TEXT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_patients_organization ON patients(organization_id);

CREATE TABLE api_keys (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  name TEXT NOT NULL DEFAULT '',
  key_hash TEXT NOT NULL UNIQUE,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_api_keys_organization ON api_keys(organization_id);

CREATE TABLE message_conversations (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  patient_id UUID REFERENCES patients(id),
  channel_type VARCHAR(20) NOT NULL CHECK (channel_type IN ('whatsapp', 'sms', 'voice', 'email')),
  channel_identifier VARCHAR(100) NOT NULL,
  status VARCHAR(20) DEFAULT 'active' CHECK (status IN ('active', 'archived', 'blocked')),
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

  UNIQUE(organization_id, channel_type, channel_identifier)
);

CREATE TABLE message_templates (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  name VARCHAR(100) NOT NULL,
  category VARCHAR(50) NOT NULL,
  language VARCHAR(10) DEFAULT 'es',
  template_content JSONB NOT NULL,
  provider_template_id VARCHAR(100),
  status VARCHAR(20) DEFAULT 'pending' CHECK (
    status IN ('pending', 'approved', 'rejected', 'disabled')
  ),
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

  UNIQUE(organization_id, name, language)
);

-- channel_instance_id has no foreign key: a message's history outlives its channel.
CREATE TABLE messages (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id UUID NOT NULL REFERENCES message_conversations(id),
  direction VARCHAR(10) NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  content TEXT,
  message_type VARCHAR(20) NOT NULL CHECK (message_type IN ('text', 'template', 'media', 'interactive')),
  template_id UUID REFERENCES message_templates(id),
  delivery_status VARCHAR(20) DEFAULT 'pending' CHECK (
    delivery_status IN ('pending', 'sent', 'delivered', 'read', 'failed', 'rejected')
  ),
  external_id VARCHAR(100),
  error_code VARCHAR(50),
  error_message TEXT,
  metadata JSONB DEFAULT '{}',
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  sent_at TIMESTAMP WITH TIME ZONE,
  delivered_at TIMESTAMP WITH TIME ZONE,
  read_at TIMESTAMP WITH TIME ZONE,

  recipient TEXT NOT NULL DEFAULT '',
  priority TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  channel_instance_id UUID,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  lease_owner TEXT,
  lease_until TIMESTAMP WITH TIME ZONE,
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX idx_messages_conversation_created ON messages(conversation_id, created_at);
CREATE INDEX idx_messages_external_id ON messages(external_id);
CREATE INDEX idx_messages_status_created ON messages(delivery_status, created_at);
-- Inbound dedup by provider id holds across processes: a second insert conflicts.
CREATE UNIQUE INDEX idx_messages_inbound_external_id ON messages(external_id)
  WHERE direction = 'inbound';
-- The outbox: claimDueOutbound walks it in (priority rank, due time, age) order. The
-- expression must match the claim query's ORDER BY for the planner to use it.
CREATE INDEX idx_messages_outbox ON messages(
  (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END),
  next_attempt_at, created_at)
  WHERE direction = 'outbound' AND delivery_status = 'pending';

CREATE TABLE channel_instances (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id UUID NOT NULL REFERENCES organizations(id),
  channel_type VARCHAR(20) NOT NULL,
  provider VARCHAR(50) NOT NULL,
  provider_config JSONB NOT NULL,
  status VARCHAR(20) DEFAULT 'inactive' CHECK (
    status IN ('inactive', 'connecting', 'connected', 'disconnected', 'error')
  ),
  health_status VARCHAR(20) DEFAULT 'unknown' CHECK (
    health_status IN ('healthy', 'degraded', 'unhealthy', 'unknown')
  ),
  last_health_check TIMESTAMP WITH TIME ZONE,
  error_count INTEGER DEFAULT 0,
  last_error TEXT,
  created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  seq BIGINT GENERATED ALWAYS AS IDENTITY,

  UNIQUE(organization_id, channel_type, provider)
);

CREATE TABLE message_attempts (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id UUID NOT NULL REFERENCES messages(id),
  attempt_number INTEGER NOT NULL,
  attempted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  channel_instance_id UUID,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'failed', 'retry')),
  external_id VARCHAR(100),
  error_code VARCHAR(50),
  error_message TEXT,
  UNIQUE (message_id, attempt_number)
);

CREATE TABLE system_health_metrics (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  service_name VARCHAR(50) NOT NULL,
  metric_type VARCHAR(50) NOT NULL,
  metric_value DECIMAL(10,4) NOT NULL,
  timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  metadata JSONB DEFAULT '{}'
);
CREATE INDEX idx_health_metrics_service_time ON system_health_metrics(service_name, timestamp);
CREATE INDEX idx_health_metrics_type_time ON system_health_metrics(metric_type, timestamp);

CREATE TABLE circuit_breaker_events (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  service_name VARCHAR(50) NOT NULL,
  event_type VARCHAR(20) NOT NULL,
  failure_count INTEGER,
  error_details TEXT,
  timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
  seq BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX idx_circuit_breaker_service_time ON circuit_breaker_events(service_name, timestamp);

-- organization_id has no foreign key: the raw delivery is kept even when its organization is
-- unknown or later removed. payload is bytea: the signature covers the exact bytes, which
-- text could not hold (NUL). timestamp mirrors received_at. UNIQUE(payload_hash) makes a
-- redelivery a no-op in every process at once.
CREATE TABLE webhook_logs (
  id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id VARCHAR(100),
  provider VARCHAR(50) NOT NULL,
  event_type VARCHAR(50) NOT NULL,
  processing_time_ms INTEGER,
  status VARCHAR(20) NOT NULL,
  error_message TEXT,
  payload_hash VARCHAR(64),
  timestamp TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

  organization_id UUID,
  payload BYTEA,
  received_at TIMESTAMP WITH TIME ZONE,
  processed_at TIMESTAMP WITH TIME ZONE,
  seq BIGINT GENERATED ALWAYS AS IDENTITY,

  UNIQUE(payload_hash)
);
CREATE INDEX idx_webhook_logs_provider_time ON webhook_logs(provider, timestamp);
CREATE INDEX idx_webhook_logs_status_time ON webhook_logs(status, timestamp);

-- Processed event keys; the primary key is what deduplicates events across processes.
CREATE TABLE webhook_events (
  event_key TEXT PRIMARY KEY,
  processed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX idx_webhook_events_processed ON webhook_events(processed_at);
)sql";

}  // namespace mensajero::storage::postgres
