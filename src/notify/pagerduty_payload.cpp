#include "notify/pagerduty_payload.h"

#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "notify/alert_wording.h"

namespace mensajero::notify {
namespace {

constexpr std::size_t kSummaryMax = 1024;
constexpr std::size_t kDedupKeyMax = 255;

}  // namespace

std::string_view pagerDutySeverity(std::string_view rule_severity) {
  if (rule_severity == "critical") return "critical";
  if (rule_severity == "high") return "error";
  if (rule_severity == "medium") return "warning";
  return "info";
}

std::string pagerDutyPayload(const monitoring::AlertNotification& n, std::string_view routing_key) {
  using Kind = monitoring::AlertNotification::Kind;
  nlohmann::json body = {
      {"routing_key", routing_key},
      {"event_action", n.kind == Kind::Resolve ? "resolve" : "trigger"},
      {"dedup_key", truncateUtf8(n.dedup_key, kDedupKeyMax)},
  };
  if (n.kind != Kind::Resolve) {
    body["payload"] = {
        {"summary", truncateUtf8(n.rule_name + ": " + n.condition + " (" + n.metric + " = " +
                                     formatValue(n.value) + ")",
                                 kSummaryMax)},
        {"source", n.source},
        {"severity", pagerDutySeverity(n.severity)},
        {"timestamp", formatIso8601(n.at)},
        {"component", "mensajero"},
        {"group", n.metric},
        {"class", n.rule_name},
        {"custom_details",
         {{"rule", n.rule_name},
          {"rule_severity", n.severity},
          {"condition", n.condition},
          {"metric", n.metric},
          {"value", n.value},
          {"threshold", n.threshold},
          {"since", formatIso8601(n.since)},
          {"notification", monitoring::toString(n.kind)}}},
    };
  }
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mensajero::notify
