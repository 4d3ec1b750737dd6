#pragma once

// Migration 9: reserved for the customer-service window (issue 11, helper window). Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV9 = R"sql(
SELECT 1;
)sql";

}  // namespace mensajero::storage::postgres
