#pragma once

// Migration 4: API key scopes and revocation (issue 8 item 6). Keys made before it get every
// scope, so a single-key set-up keeps working. revoked_at is formatIso8601 text, NULL while
// the key is active. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV4 =
    "ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT 'send,read,admin';\n"
    "ALTER TABLE api_keys ADD COLUMN revoked_at TEXT;\n";

}  // namespace mensajero::storage::sqlite
