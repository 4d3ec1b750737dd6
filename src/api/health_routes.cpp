#include <nlohmann/json.hpp>

#include "api/api.h"

namespace mensajero::api {

void Api::registerHealthRoutes(http::Router& router) {
  router.addBlocking("GET", "/api/v2/health", [this](const http::Request&) {
    const auto report = services_.health.run();
    const auto metrics = services_.metrics.snapshot();
    nlohmann::json services = nlohmann::json::object();
    for (const auto& service : report.services) {
      nlohmann::json entry = {{"status", monitoring::toString(service.state)},
                              {"responseTime", service.response_ms},
                              {"lastCheck", formatIso8601(service.last_check)}};
      if (!service.details.empty()) entry["details"] = service.details;
      services[service.name] = std::move(entry);
    }
    nlohmann::json body = {{"status", monitoring::toString(report.state)},
                           {"timestamp", formatIso8601(report.timestamp)},
                           {"services", services},
                           {"metrics",
                            {{"uptime", metrics.uptime_seconds},
                             {"requestsPerMinute", metrics.requests_per_minute},
                             {"errorRate", metrics.error_rate},
                             {"averageResponseTime", metrics.average_response_ms},
                             // Since start; see Authenticator.
                             {"failedAuthentications", authenticator_.failures().failuresTotal()},
                             {"blockedAuthentications", authenticator_.failures().refusalsTotal()}}}};
    const auto refused = services_.webhook_processor.refusedEvents();
    body["metrics"]["webhookEventsRefused"] = {{"foreignNumber", refused.foreign_number},
                                               {"foreignMessage", refused.foreign_message}};
    body["metrics"]["inboundTextsTruncated"] = services_.webhook_processor.inboundTextsTruncated();
    const unsigned status = report.state == monitoring::HealthState::Unhealthy ? 503 : 200;
    return http::Response::json(status, body.dump());
  });
}

}  // namespace mensajero::api
