#include "monitoring/alert_rule.h"

#include <stdexcept>
#include <variant>

namespace mensajero::monitoring {
namespace {

AlertRule rule(std::string name, std::string condition, std::string severity,
               std::vector<std::string> channels) {
  auto parsed = parseAlertCondition(condition);
  if (!std::holds_alternative<AlertCondition>(parsed)) {
    throw std::logic_error("a default alert rule does not parse: " + name);
  }
  return AlertRule{std::move(name), std::move(condition), std::get<AlertCondition>(parsed),
                   std::move(severity), std::move(channels)};
}

}  // namespace

std::vector<AlertRule> defaultAlertRules() {
  return {
      rule("High Error Rate", "error_rate > 5% for 5 minutes", "critical",
           {"slack", "email", "pagerduty"}),
      rule("Circuit Breaker Opened", "circuit_breaker_state = 'OPEN'", "high", {"slack", "email"}),
      rule("Webhook Processing Slow", "webhook_response_time > 2000ms for 3 minutes", "medium",
           {"slack"}),
      rule("Message Delivery Failure", "message_delivery_rate < 95% for 10 minutes", "high",
           {"slack", "email"}),
  };
}

}  // namespace mensajero::monitoring
