#pragma once

// Migration 11 (issue 12, helper health: system_health_metrics sampling). Reserved: a placeholder
// until that part lands. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV11 = "SELECT 1;";

}  // namespace mensajero::storage::sqlite
