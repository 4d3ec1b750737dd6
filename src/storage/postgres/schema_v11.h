#pragma once

// Migration 11 (issue 12, helper health: system_health_metrics sampling). Reserved: a placeholder
// until that part lands. Included by migrations.cpp only.

namespace mensajero::storage::postgres {

inline constexpr const char* kSchemaV11 = "SELECT 1;";

}  // namespace mensajero::storage::postgres
