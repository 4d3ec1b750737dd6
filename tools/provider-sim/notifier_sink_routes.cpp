#include "notifier_sink_routes.h"

#include <utility>

#include <chrono>
#include <functional>
#include <string>

#include "request_json.h"

namespace mensajero::provider_sim {
namespace {

constexpr std::size_t kMaxSinkBody = 64 * 1024;

std::int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::json receivedItem(const http::Request& request, const nlohmann::json& parsed) {
  nlohmann::json headers = nlohmann::json::object();
  for (const http::Header& header : request.headers) {
    std::string name = header.name;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    headers[name] = header.value;
  }
  return {{"received_at", nowMillis()},
          {"headers", std::move(headers)},
          {"body", request.body},
          {"json", parsed}};
}

bool isString(const nlohmann::json& object, const char* key, std::size_t max) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() && !it->get<std::string>().empty() &&
         it->get<std::string>().size() <= max;
}

// PagerDuty's rules for an alert event (Events API v2), as far as a test needs them.
nlohmann::json pagerDutyProblems(const nlohmann::json& event) {
  nlohmann::json problems = nlohmann::json::array();
  if (!isString(event, "routing_key", 64))
    problems.push_back("'routing_key' is missing or invalid");
  const std::string action = event.value("event_action", "");
  if (action != "trigger" && action != "acknowledge" && action != "resolve") {
    problems.push_back("'event_action' must be trigger, acknowledge or resolve");
  }
  if (event.contains("dedup_key") && !isString(event, "dedup_key", 255)) {
    problems.push_back("'dedup_key' must be a string of at most 255 characters");
  }
  if (action != "trigger") {
    if (!event.contains("dedup_key")) problems.push_back("'dedup_key' is required");
    return problems;
  }
  auto payload = event.find("payload");
  if (payload == event.end() || !payload->is_object()) {
    problems.push_back("'payload' is missing");
    return problems;
  }
  if (!isString(*payload, "summary", 1024)) problems.push_back("'payload.summary' is invalid");
  if (!isString(*payload, "source", 255)) problems.push_back("'payload.source' is invalid");
  const std::string severity = payload->value("severity", "");
  if (severity != "critical" && severity != "error" && severity != "warning" &&
      severity != "info") {
    problems.push_back("'payload.severity' must be critical, error, warning or info");
  }
  return problems;
}

using SinkHandler = std::function<http::Response(const http::Request&, const nlohmann::json&)>;

http::BlockingHandler sinkRoute(NotifierSinks& sinks, std::string name, SinkHandler accept) {
  return
      [&sinks, name = std::move(name), accept = std::move(accept)](const http::Request& request) {
        if (auto status = sinks.takeFailure(name)) {
          return http::Response::json(*status, R"({"error":"simulated failure"})");
        }
        nlohmann::json parsed = nlohmann::json::parse(request.body, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) {
          sinks.countRejected(name);
          return http::Response::text(400, "invalid_payload");
        }
        return accept(request, parsed);
      };
}

}  // namespace

void addNotifierSinkRoutes(http::Router& router, NotifierSinks& sinks,
                           const std::uint16_t& smtp_port) {
  http::RouteOptions bounded;
  bounded.body_limit = kMaxSinkBody;
  NotifierSinks* s = &sinks;
  router.addBlocking("POST", "/_sim/sinks/slack",
                     sinkRoute(sinks, "slack",
                               [s](const http::Request& request, const nlohmann::json& body) {
                                 const bool has_text = isString(body, "text", 40'000);
                                 const bool has_blocks =
                                     body.contains("blocks") && body["blocks"].is_array();
                                 if (!has_text && !has_blocks) {
                                   s->countRejected("slack");
                                   return http::Response::text(400, "no_text");
                                 }
                                 s->record("slack", receivedItem(request, body));
                                 return http::Response::text(200, "ok");
                               }),
                     bounded);
  router.addBlocking("POST", "/_sim/sinks/pagerduty/v2/enqueue",
                     sinkRoute(sinks, "pagerduty",
                               [s](const http::Request& request, const nlohmann::json& body) {
                                 nlohmann::json problems = pagerDutyProblems(body);
                                 if (!problems.empty()) {
                                   s->countRejected("pagerduty");
                                   return jsonResponse({{"status", "invalid event"},
                                                        {"message", "Event object is invalid"},
                                                        {"errors", problems}},
                                                       400);
                                 }
                                 s->record("pagerduty", receivedItem(request, body));
                                 return jsonResponse(
                                     {{"status", "success"},
                                      {"message", "Event processed"},
                                      {"dedup_key", body.value("dedup_key", "sim-generated")}},
                                     202);
                               }),
                     bounded);
  router.addBlocking("POST", "/_sim/sinks/webhook",
                     sinkRoute(sinks, "webhook",
                               [s](const http::Request& request, const nlohmann::json& body) {
                                 s->record("webhook", receivedItem(request, body));
                                 return jsonResponse({{"received", true}});
                               }),
                     bounded);
  const std::uint16_t* port = &smtp_port;
  router.addBlocking("GET", "/_sim/sinks/{name}", [s, port](const http::Request& request) {
    const std::string& name = request.path_params.at("name");
    if (!NotifierSinks::isSink(name)) {
      return http::Response::error(404, "unknown_sink", "no such sink");
    }
    nlohmann::json out = s->toJson(name);
    if (name == "email") out["smtp_port"] = *port;
    return jsonResponse(out);
  });
  router.addBlocking("DELETE", "/_sim/sinks/{name}", [s](const http::Request& request) {
    const std::string& name = request.path_params.at("name");
    if (!NotifierSinks::isSink(name)) {
      return http::Response::error(404, "unknown_sink", "no such sink");
    }
    s->clear(name);
    return jsonResponse(s->toJson(name));
  });
  router.addBlocking("POST", "/_sim/sinks/{name}/control", [s](const http::Request& request) {
    const std::string& name = request.path_params.at("name");
    if (!NotifierSinks::isSink(name)) {
      return http::Response::error(404, "unknown_sink", "no such sink");
    }
    Result<nlohmann::json> patch = parseObject(request.body);
    if (!patch.ok()) return errorResponse(patch.error());
    if (!s->updateControl(name, *patch)) {
      return http::Response::error(400, "invalid_field",
                                   "expected fail_next (0..1000000) and http_status (400..599)");
    }
    return jsonResponse(s->toJson(name));
  });
}

}  // namespace mensajero::provider_sim
