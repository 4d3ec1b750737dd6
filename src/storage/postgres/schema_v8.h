#pragma once

// Migration 8: reserved for message templates (issue 11, helper tmpl). Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV8 = R"sql(
SELECT 1;
)sql";

}  // namespace mensajero::storage::postgres
