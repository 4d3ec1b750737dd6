#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "storage/health_samples.h"

namespace mensajero::api {

// The longest range one GET /api/v2/health/history may ask for.
inline constexpr std::int64_t kHealthHistoryMaxRangeMs = 31LL * 24 * 3600 * 1000;
// The most samples one answer carries; past it the answer says "truncated".
inline constexpr int kHealthHistoryMaxRows = 5'000;

// The query parameters of GET /api/v2/health/history, each as received (nullopt: absent).
struct HealthHistoryParams {
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::optional<std::string> service;
  std::optional<std::string> metric;
};

// The store query for the parameters, asking for one row past kHealthHistoryMaxRows so the
// caller can tell a truncated answer. Invalid with:
// - invalid_timestamp: from or to absent or not ISO-8601 (the message names which);
// - invalid_time_range: to before from, or more than 31 days after it;
// - invalid_service / invalid_metric: not one of the sampled names.
Result<storage::HealthSampleQuery> parseHealthHistoryQuery(const HealthHistoryParams& params);

}  // namespace mensajero::api
