#pragma once

#include <vector>

#include "common/result.h"
#include "storage/health_samples.h"
#include "storage/postgres/pg_connection.h"

// system_health_metrics, as the Store methods of the same names describe it.
namespace mensajero::storage::postgres {

Status insertHealthSamples(PgConnection& db, const std::vector<HealthSampleRecord>& samples);
Result<std::vector<HealthSampleRecord>> listHealthSamples(PgConnection& db,
                                                          const HealthSampleQuery& query);
// Deletes at most `limit` of the samples taken before the cutoff (the store repeats it).
Result<int> pruneHealthSamplesBefore(PgConnection& db, UnixMillis cutoff, int limit);

}  // namespace mensajero::storage::postgres
