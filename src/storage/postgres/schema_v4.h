#pragma once

// Migration 4: API key scopes and revocation (issue 8 item 6), as SQLite's migration 4. Keys
// made before it get every scope, so a single-key set-up keeps working. Adding a column with a
// constant default rewrites no rows (PostgreSQL 11+). Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE api_keys
  ADD COLUMN scopes TEXT NOT NULL DEFAULT 'send,read,admin',
  ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
)sql";

}  // namespace mensajero::storage::postgres
