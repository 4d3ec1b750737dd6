#pragma once

// Migration 10: reserved for media (issue 11, helper media). Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV10 = "SELECT 1;\n";

}  // namespace mensajero::storage::sqlite
