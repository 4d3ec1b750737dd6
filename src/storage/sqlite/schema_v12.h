#pragma once

// Migration 12 (issue 12, helper alerts: alert state and the evaluation lease). Reserved: a
// placeholder until that part lands. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV12 = "SELECT 1;";

}  // namespace mensajero::storage::sqlite
