#include "api/dto/health_history_query.h"

#include <array>
#include <string_view>

namespace mensajero::api {
namespace {

constexpr std::array<std::string_view, 6> kServices = {
    "database", "whatsapp_api", "circuit_breaker", "message_queue", "webhook_endpoint", "gateway"};
constexpr std::array<std::string_view, 4> kMetrics = {"status", "response_time", "error_rate",
                                                      "throughput"};

template <std::size_t N>
bool oneOf(const std::array<std::string_view, N>& names, const std::string& value) {
  for (std::string_view name : names) {
    if (name == value) return true;
  }
  return false;
}

Result<UnixMillis> timeParam(const std::optional<std::string>& text, const char* name) {
  const std::string what =
      std::string(name) + " must be an ISO-8601 time such as " + "2026-01-01T00:00:00Z";
  if (!text || text->size() > 64) {
    return makeError(ErrorCategory::Invalid, "invalid_timestamp", what);
  }
  auto parsed = parseIso8601(*text);
  if (!parsed) return makeError(ErrorCategory::Invalid, "invalid_timestamp", what);
  return *parsed;
}

}  // namespace

Result<storage::HealthSampleQuery> parseHealthHistoryQuery(const HealthHistoryParams& params) {
  auto from = timeParam(params.from, "from");
  if (!from) return from.error();
  auto to = timeParam(params.to, "to");
  if (!to) return to.error();
  if (*to < *from) {
    return makeError(ErrorCategory::Invalid, "invalid_time_range", "to must not be before from");
  }
  if (*to - *from > kHealthHistoryMaxRangeMs) {
    return makeError(ErrorCategory::Invalid, "invalid_time_range",
                     "the range from..to must not exceed 31 days");
  }
  storage::HealthSampleQuery query;
  query.from = *from;
  query.to = *to;
  if (params.service) {
    if (!oneOf(kServices, *params.service)) {
      return makeError(ErrorCategory::Invalid, "invalid_service",
                       "service must be one of database, whatsapp_api, circuit_breaker, "
                       "message_queue, webhook_endpoint, gateway");
    }
    query.service_name = params.service;
  }
  if (params.metric) {
    if (!oneOf(kMetrics, *params.metric)) {
      return makeError(ErrorCategory::Invalid, "invalid_metric",
                       "metric must be one of status, response_time, error_rate, throughput");
    }
    query.metric_type = params.metric;
  }
  query.limit = kHealthHistoryMaxRows + 1;
  return query;
}

}  // namespace mensajero::api
