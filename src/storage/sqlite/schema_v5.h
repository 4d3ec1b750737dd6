#pragma once

// Migration 5: the structured content of inbound messages (issue 9 items 2 and 3): media
// metadata, locations, contact cards, orders, flow answers, as the JSON text of
// core/inbound_content.h (at most 96 KiB). NULL for plain text and outbound messages.
// Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV5 = "ALTER TABLE messages ADD COLUMN content_json TEXT;\n";

}  // namespace mensajero::storage::sqlite
