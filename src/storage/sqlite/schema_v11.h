#pragma once

// Migration 11 (issue 12): system_health_metrics (a table since v1) is sampled
// every health.sample_interval_seconds, read by time range (GET /api/v2/health/history) and
// pruned by time: an index on timestamp serves both. Included by migrations.cpp only.

namespace mensajero::storage::sqlite {

inline constexpr const char* kSchemaV11 =
    "CREATE INDEX idx_health_metrics_time ON system_health_metrics(timestamp);\n";

}  // namespace mensajero::storage::sqlite
