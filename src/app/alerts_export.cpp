#include "app/alerts_export.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include <yaml-cpp/yaml.h>

#include "monitoring/alert_inputs.h"

namespace mensajero::app {
namespace {

using monitoring::AlertMetric;
using monitoring::Comparison;

// "5m", "3m", "10m", "30s", "2h": the largest unit that divides the duration.
std::string promDuration(std::int64_t ms) {
  if (ms % 3'600'000 == 0) return std::to_string(ms / 3'600'000) + "h";
  if (ms % 60'000 == 0) return std::to_string(ms / 60'000) + "m";
  return std::to_string(ms / 1000) + "s";
}

std::string number(double value) {
  std::ostringstream out;
  out.precision(15);
  out << value;
  return out.str();
}

std::string promOperator(Comparison comparison) {
  return comparison == Comparison::Equal ? "==" : std::string(toString(comparison));
}

// circuit_breaker_state compares states; the gauge is 0 closed, 1 half-open, 2 open and 3
// shut down, and the gateway reads a shut-down breaker as OPEN, so OPEN is ">= 2".
std::string breakerExpression(const monitoring::AlertCondition& condition) {
  const std::string worst = "max(mensajero_circuit_breaker_state)";
  const bool equal = condition.comparison == Comparison::Equal;
  if (condition.threshold == monitoring::kBreakerOpen) return worst + (equal ? " >= 2" : " < 2");
  if (condition.threshold == monitoring::kBreakerHalfOpen) {
    return worst + (equal ? " == 1" : " != 1");
  }
  return worst + (equal ? " == 0" : " > 0");
}

std::string ratioExpression(const std::string& numerator, const std::string& denominator,
                            const monitoring::AlertCondition& condition, double threshold) {
  return "(\n  " + numerator + "\n/\n  " + denominator + "\n) " +
         promOperator(condition.comparison) + " " + number(threshold);
}

std::string expression(const monitoring::AlertCondition& condition) {
  const std::int64_t window = monitoring::alertWindowMs(condition);
  const std::string w = "[" + promDuration(window) + "]";
  switch (condition.metric) {
    case AlertMetric::ErrorRate:
      return ratioExpression(
          "sum(rate(mensajero_http_requests_total{status_class=\"5xx\"}" + w + "))",
          "sum(rate(mensajero_http_requests_total" + w + "))", condition, condition.threshold);
    case AlertMetric::WebhookResponseTime:
      return ratioExpression("sum(rate(mensajero_webhook_response_seconds_sum" + w + "))",
                             "sum(rate(mensajero_webhook_response_seconds_count" + w + "))",
                             condition, condition.threshold / 1000);
    case AlertMetric::MessageDeliveryRate: {
      const std::string delivered =
          "sum(increase(mensajero_messages_total{status=\"delivered\"}" + w + "))";
      const std::string failed =
          "sum(increase(mensajero_messages_total{status=\"failed\"}" + w + "))";
      return ratioExpression(delivered, "(" + delivered + " + " + failed + ")", condition,
                             condition.threshold);
    }
    case AlertMetric::CircuitBreakerState:
      return breakerExpression(condition);
  }
  return "vector(0) > 1";
}

// "High Error Rate" -> "HighErrorRate": Prometheus alert names read like metric names.
std::string alertName(const std::string& name) {
  std::string out;
  bool upper = true;
  for (char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !digit) {
      upper = true;
      continue;
    }
    if (out.empty() && digit) out = "Mensajero";
    out += (upper && c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return out.empty() ? "MensajeroAlert" : out;
}

// Annotations are Go templates: a name's braces must stay text.
std::string templateText(std::string text) {
  for (const char* pair : {"{{", "}}"}) {
    for (std::size_t at = text.find(pair); at != std::string::npos; at = text.find(pair, at)) {
      text.insert(at + 1, " ");
    }
  }
  return text;
}

std::string description(const monitoring::AlertRule& rule) {
  std::string channels;
  for (const std::string& channel : rule.channels) {
    channels += (channels.empty() ? "" : ", ") + channel;
  }
  return templateText(rule.condition_text) + " (mensajero alert rule; channels: " + channels +
         "; value {{ $value }})";
}

void emitRule(YAML::Emitter& out, const monitoring::AlertRule& rule) {
  out << YAML::BeginMap;
  out << YAML::Key << "alert" << YAML::Value << alertName(rule.name);
  out << YAML::Key << "expr" << YAML::Value << YAML::Literal << expression(rule.condition);
  if (rule.condition.for_ms > 0) {
    out << YAML::Key << "for" << YAML::Value << promDuration(rule.condition.for_ms);
  }
  out << YAML::Key << "labels" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "severity" << YAML::Value << rule.severity << YAML::EndMap;
  out << YAML::Key << "annotations" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "summary" << YAML::Value << YAML::DoubleQuoted << templateText(rule.name);
  out << YAML::Key << "description" << YAML::Value << YAML::DoubleQuoted << description(rule);
  out << YAML::EndMap << YAML::EndMap;
}

}  // namespace

std::string prometheusAlertRules(const std::vector<monitoring::AlertRule>& rules) {
  YAML::Emitter out;
  out << YAML::Comment(
      "Prometheus alerting rules written by `mensajero alerts export` from the gateway's alerts");
  out << YAML::BeginMap << YAML::Key << "groups" << YAML::Value;
  if (rules.empty()) {
    out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
  } else {
    out << YAML::BeginSeq << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << "mensajero";
    out << YAML::Key << "rules" << YAML::Value << YAML::BeginSeq;
    for (const monitoring::AlertRule& rule : rules) emitRule(out, rule);
    out << YAML::EndSeq << YAML::EndMap << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

int runAlertsExport(const Config& config, const std::optional<std::string>& output) {
  const std::string text = prometheusAlertRules(config.alerts);
  if (!output) {
    std::cout << text << std::flush;
    return 0;
  }
  const std::string temporary = *output + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) {
      std::cerr << "error: cannot write " << temporary << '\n';
      return 1;
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, *output, error);
  if (error) {
    std::cerr << "error: cannot write " << *output << ": " << error.message() << '\n';
    return 1;
  }
  std::cerr << "wrote " << config.alerts.size() << " alert rules to " << *output << '\n';
  return 0;
}

}  // namespace mensajero::app
