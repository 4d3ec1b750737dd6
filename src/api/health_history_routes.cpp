#include <string>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/dto/health_history_query.h"
#include "api/error_response.h"

namespace mensajero::api {
namespace {

using nlohmann::json;

json sampleJson(const storage::HealthSampleRecord& sample) {
  json entry = {{"service", sample.service_name},
                {"metric", sample.metric_type},
                {"value", sample.metric_value},
                {"timestamp", formatIso8601(sample.timestamp)}};
  const json metadata = json::parse(sample.metadata_json, nullptr, false);
  if (metadata.is_object() && metadata.contains("instance_id") &&
      metadata["instance_id"].is_string()) {
    entry["instanceId"] = metadata["instance_id"];
  }
  return entry;
}

}  // namespace

void Api::registerHealthHistoryRoutes(http::Router& router) {
  // The gateway's own samples (system_health_metrics): no organization's data, so any API key
  // with the read scope sees the same rows.
  router.addBlocking(
      "GET", "/api/v2/health/history",
      authenticated(security::Scope::Read,
                    [this](const http::Request& request, const Caller&) {
                      auto query = parseHealthHistoryQuery(
                          {request.queryParam("from"), request.queryParam("to"),
                           request.queryParam("service"), request.queryParam("metric")});
                      if (!query) {
                        // A malformed query string, as GET /api/v2/conversations' limit: 400.
                        auto response = errorResponse(query.error());
                        response.status = 400;
                        return response;
                      }
                      auto samples = services_.store.listHealthSamples(*query);
                      if (!samples) return errorResponse(samples.error());
                      const bool truncated = samples->size() > kHealthHistoryMaxRows;
                      if (truncated) samples->resize(kHealthHistoryMaxRows);
                      json rows = json::array();
                      for (const auto& sample : *samples) rows.push_back(sampleJson(sample));
                      return http::Response::json(200, json{{"from", formatIso8601(query->from)},
                                                            {"to", formatIso8601(query->to)},
                                                            {"samples", std::move(rows)},
                                                            {"truncated", truncated}}
                                                           .dump());
                    }),
      apiKeyRoute());
}

}  // namespace mensajero::api
