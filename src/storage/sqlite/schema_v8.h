#pragma once

// Migration 8: reserved for message templates (issue 11, helper tmpl). Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV8 = "SELECT 1;\n";

}  // namespace mensajero::storage::sqlite
