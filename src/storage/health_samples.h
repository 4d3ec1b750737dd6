#pragma once

#include <optional>
#include <string>

#include "common/time_format.h"

// Samples of the gateway's own health (table system_health_metrics, the spec's columns). They
// describe the gateway's services, never an organization: no tenant data, no PHI.
namespace mensajero::storage {

struct HealthSampleRecord {
  std::string service_name;  // database, whatsapp_api, ..., or "gateway" for request metrics
  std::string metric_type;   // response_time, error_rate, throughput, status
  double metric_value = 0;   // stored with 4 decimals within +-999999.9999 (the spec's column)
  UnixMillis timestamp = 0;
  std::string metadata_json = "{}";  // a JSON object: the sampling instance's id
};

// The most rows one listHealthSamples returns.
inline constexpr int kHealthSampleListLimit = 10'000;

struct HealthSampleQuery {
  UnixMillis from = 0;  // inclusive
  UnixMillis to = 0;    // inclusive
  std::optional<std::string> service_name;
  std::optional<std::string> metric_type;
  int limit = kHealthSampleListLimit;  // clamped to 1..kHealthSampleListLimit
};

}  // namespace mensajero::storage
