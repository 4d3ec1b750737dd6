#pragma once

// Migration 9: reserved for the customer-service window (issue 11, helper window). Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV9 = "SELECT 1;\n";

}  // namespace mensajero::storage::sqlite
