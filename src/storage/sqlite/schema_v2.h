#pragma once

// Migration 2: Idempotency-Key claims, one row per (API key, key). Times are formatIso8601
// text like every other timestamp of the schema. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV2 =
    "CREATE TABLE idempotency_keys (\n"
    "  api_key_id TEXT NOT NULL REFERENCES api_keys(id),\n"
    "  idempotency_key TEXT NOT NULL,\n"
    "  request_hash TEXT NOT NULL,\n"
    "  state TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),\n"
    "  response_status INTEGER,\n"
    "  response_body TEXT,\n"
    "  message_id TEXT REFERENCES messages(id),\n"
    "  created_at TEXT NOT NULL,\n"
    "  locked_until TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL,\n"
    "  PRIMARY KEY (api_key_id, idempotency_key)\n"
    ") WITHOUT ROWID;\n"
    "CREATE INDEX idx_idempotency_keys_expires ON idempotency_keys(expires_at);\n";

}  // namespace mensajero::storage::sqlite
