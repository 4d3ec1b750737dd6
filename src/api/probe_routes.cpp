#include <string>

#include <nlohmann/json.hpp>

#include "api/api.h"

namespace mensajero::api {
namespace {

using nlohmann::json;

// 200 {"status":"ready",...} when every readiness check is healthy, else 503 naming the
// checks that failed. The details are codes and versions: no tenant data, no secrets.
http::Response readinessAnswer(const monitoring::HealthReport& report) {
  json checks = json::object();
  json failed = json::array();
  for (const auto& check : report.services) {
    json entry = {{"status", monitoring::toString(check.state)}};
    if (!check.details.empty()) entry["details"] = check.details;
    checks[check.name] = std::move(entry);
    if (check.state != monitoring::HealthState::Healthy) failed.push_back(check.name);
  }
  const bool ready = failed.empty();
  json body = {{"status", ready ? "ready" : "not_ready"},
               {"timestamp", formatIso8601(report.timestamp)},
               {"checks", checks}};
  if (!ready) body["failed"] = failed;
  return http::Response::json(ready ? 200 : 503, body.dump());
}

}  // namespace

void Api::registerProbeRoutes(http::Router& router) {
  // Answered on the I/O thread at once: no database, no blocking pool, no tenant's queue can
  // hold it up. It says only that the process serves HTTP.
  router.add("GET", "/livez", [](const http::Request&, http::Respond respond) {
    respond(http::Response::json(200, R"({"status":"alive"})"));
  });
  // On the readiness service's own threads within its budget, as /api/v2/health.
  router.add("GET", "/readyz", [this](const http::Request&, http::Respond respond) {
    if (services_.readiness == nullptr) {
      return respond(http::Response::json(200, R"({"status":"ready","checks":{}})"));
    }
    services_.readiness->runAsync(
        [respond = std::move(respond)](const monitoring::HealthReport& report) {
          respond(readinessAnswer(report));
        });
  });
}

}  // namespace mensajero::api
