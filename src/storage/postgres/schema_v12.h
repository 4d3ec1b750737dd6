#pragma once

// Migration 12 (issue 12): the alert evaluation lease and each rule's alert
// state, as SQLite's migration 12. Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV12 = R"sql(
CREATE TABLE alert_leases (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE alert_states (
  rule_name TEXT PRIMARY KEY,
  phase TEXT NOT NULL CHECK (phase IN ('inactive', 'pending', 'firing')),
  since TIMESTAMP WITH TIME ZONE NOT NULL,
  dedup_key TEXT NOT NULL DEFAULT '',
  last_notified_at TIMESTAMP WITH TIME ZONE,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);
)sql";

}  // namespace mensajero::storage::postgres
