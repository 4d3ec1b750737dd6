#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/health_samples.h"

// system_health_metrics as both stores write and read it.
namespace mensajero::storage::common {

// The value as the spec's DECIMAL(10,4) column holds it: rounded to 4 decimals, within
// +-999999.9999; NaN is 0. Text for binding (SQLite REAL affinity and PostgreSQL numeric).
std::string healthSampleValueText(double value);
// A stored value read back; malformed text reads as 0.
double healthSampleValue(std::string_view text);

// Invalid invalid_record when a sample has no service or metric type, or its metadata_json is
// not a JSON object.
Status validateHealthSamples(const std::vector<HealthSampleRecord>& samples);

// query.limit within 1..kHealthSampleListLimit.
int healthSampleListLimit(const HealthSampleQuery& query);

}  // namespace mensajero::storage::common
