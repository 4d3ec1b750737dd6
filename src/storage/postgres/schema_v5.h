#pragma once

// Migration 5: the structured content of inbound messages (issue 9 items 2 and 3), as
// SQLite's migration 5: the JSON of core/inbound_content.h (at most 96 KiB), NULL for plain
// text and outbound messages. A nullable column without a default rewrites no rows.
// Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV5 = R"sql(
ALTER TABLE messages ADD COLUMN content_json JSONB;
)sql";

}  // namespace mensajero::storage::postgres
