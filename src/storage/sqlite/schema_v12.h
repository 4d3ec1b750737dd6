#pragma once

// Migration 12 (issue 12): the alert evaluation lease and each rule's alert
// state. One instance holds the lease and evaluates; the state lets the next holder continue
// (neither trigger again nor forget to resolve). Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV12 =
    "CREATE TABLE alert_leases (\n"
    "  name TEXT PRIMARY KEY,\n"
    "  owner TEXT NOT NULL,\n"
    "  expires_at TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE alert_states (\n"
    "  rule_name TEXT PRIMARY KEY,\n"
    "  phase TEXT NOT NULL CHECK (phase IN ('inactive', 'pending', 'firing')),\n"
    "  since TEXT NOT NULL,\n"
    "  dedup_key TEXT NOT NULL DEFAULT '',\n"
    "  last_notified_at TEXT,\n"
    "  updated_at TEXT NOT NULL\n"
    ");\n";

}  // namespace mensajero::storage::sqlite
