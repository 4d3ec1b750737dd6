#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/error_response.h"

namespace mensajero::api {
namespace {

using nlohmann::json;

// The global details of a service and, for an organization's caller, the details that name
// that organization's channel instances. Nobody sees another organization's.
std::string detailsFor(const monitoring::ServiceHealth& service,
                       const std::string& organization_id) {
  std::string details = service.details;
  for (const auto& scoped : service.scoped) {
    if (scoped.organization_id != organization_id) continue;
    if (!details.empty()) details += "; ";
    details += scoped.text;
  }
  return details;
}

// `organization_id` empty: an unauthenticated caller, who gets the spec's summary only
// (states and times, no details: they name instances and carry error text).
json healthBody(const monitoring::HealthReport& report,
                const monitoring::RequestMetrics::Snapshot& metrics,
                const std::string& organization_id) {
  json services = json::object();
  for (const auto& service : report.services) {
    json entry = {{"status", monitoring::toString(service.state)},
                  {"responseTime", service.response_ms},
                  {"lastCheck", formatIso8601(service.last_check)}};
    if (!organization_id.empty()) {
      if (std::string details = detailsFor(service, organization_id); !details.empty()) {
        entry["details"] = std::move(details);
      }
    }
    services[service.name] = std::move(entry);
  }
  return {{"status", monitoring::toString(report.state)},
          {"timestamp", formatIso8601(report.timestamp)},
          {"services", services},
          {"metrics",
           {{"uptime", metrics.uptime_seconds},
            {"requestsPerMinute", metrics.requests_per_minute},
            {"errorRate", metrics.error_rate},
            {"averageResponseTime", metrics.average_response_ms}}}};
}

}  // namespace

void Api::registerHealthRoutes(http::Router& router) {
  // Asynchronous: the report is made on the health service's own threads within its budget,
  // so health never waits behind tenants' work on the blocking pool.
  router.add("GET", "/api/v2/health", [this](http::Request request, http::Respond respond) {
    std::optional<http::Request> credentials;
    if (request.header("Authorization")) {
      credentials.emplace();
      credentials->headers = std::move(request.headers);
    }
    services_.health.runAsync(
        [this, credentials = std::move(credentials),
         respond = std::move(respond)](const monitoring::HealthReport& report) {
          std::string organization_id;
          if (credentials) {
            // On the health service's reporting thread: a key not cached reads the store once.
            auto caller = authenticator_.authenticate(*credentials);
            if (!caller) return respond(errorResponse(caller.error()));
            organization_id = caller->organization_id;
          }
          json body = healthBody(report, services_.metrics.snapshot(), organization_id);
          const unsigned status = report.state == monitoring::HealthState::Unhealthy ? 503 : 200;
          respond(http::Response::json(status, body.dump()));
        });
  });
}

}  // namespace mensajero::api
