#pragma once

// Migration 13 (issue 13): on PostgreSQL it makes ids time-ordered (UUID version 7). SQLite's
// ids are made by the store itself (ids.cpp, version 7 since the same change), and no insert
// relies on a column default, so nothing changes here; the number keeps both backends'
// schema versions equal. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV13 = "SELECT 1;";

}  // namespace mensajero::storage::sqlite
