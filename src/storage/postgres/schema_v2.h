#pragma once

// Migration 2: Idempotency-Key claims, one row per (API key, key), as SQLite's migration 2.
// The primary key makes a claim atomic across processes (INSERT ... ON CONFLICT).
// Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE idempotency_keys (
  api_key_id UUID NOT NULL REFERENCES api_keys(id),
  idempotency_key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response_status INTEGER,
  response_body TEXT,
  message_id UUID REFERENCES messages(id),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  locked_until TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX idx_idempotency_keys_expires ON idempotency_keys(expires_at);
)sql";

}  // namespace mensajero::storage::postgres
