#pragma once

#include <vector>

#include "common/result.h"
#include "storage/health_samples.h"
#include "storage/sqlite/connection.h"

// system_health_metrics, as the Store methods of the same names describe it. Writes run inside
// the writer's transaction; listHealthSamples on a read connection.
namespace mensajero::storage::sqlite {

Status insertHealthSamples(Connection& db, const std::vector<HealthSampleRecord>& samples);
Result<std::vector<HealthSampleRecord>> listHealthSamples(Connection& db,
                                                          const HealthSampleQuery& query);
Result<int> pruneHealthSamplesBefore(Connection& db, UnixMillis cutoff);

}  // namespace mensajero::storage::sqlite
