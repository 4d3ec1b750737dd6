#pragma once

// Migration 10: reserved for media (issue 11, helper media). Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV10 = R"sql(
SELECT 1;
)sql";

}  // namespace mensajero::storage::postgres
