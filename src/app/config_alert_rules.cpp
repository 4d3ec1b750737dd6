#include "app/config_alert_rules.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "app/config.h"

namespace mensajero::app::detail {
namespace {

constexpr std::array<std::string_view, 4> kSeverities = {"critical", "high", "medium", "low"};
constexpr std::array<std::string_view, 4> kChannels = {"slack", "email", "pagerduty", "webhook"};

// Printable, well-formed UTF-8: a name is shown in start-up errors, Slack messages, e-mail
// subjects and PagerDuty summaries.
bool isPrintableUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (lead < 0x20 || lead == 0x7f) return false;
      ++i;
      continue;
    }
    const std::size_t length = lead >= 0xf0 && lead <= 0xf4   ? 4
                               : lead >= 0xe0                 ? 3
                               : lead >= 0xc2 && lead <= 0xdf ? 2
                                                              : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

template <std::size_t N>
std::string readOneOf(const YAML::Node& node, const std::string& key,
                      const std::array<std::string_view, N>& choices, const Environment& env) {
  std::string text = readScalar(node, key, "a string", env);
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) return text;
  std::string list;
  for (std::string_view choice : choices) list += (list.empty() ? "" : ", ") + std::string(choice);
  throw ConfigError(key, "expected one of " + list);
}

std::string readName(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::string name = readScalar(node, key, "a string", env);
  if (name.empty()) throw ConfigError(key, "must not be empty");
  if (name.size() > kMaxAlertNameBytes) {
    throw ConfigError(key, "longer than " + std::to_string(kMaxAlertNameBytes) + " bytes");
  }
  if (!isPrintableUtf8(name)) {
    throw ConfigError(key, "must be printable UTF-8 text (no control characters)");
  }
  return name;
}

std::vector<std::string> readChannels(const YAML::Node& node, const std::string& key,
                                      const Environment& env) {
  std::vector<std::string> channels;
  for (const auto& element : sequenceElements(node, key)) {
    if (channels.size() == kChannels.size()) throw ConfigError(key, "too many channels");
    std::string channel = readOneOf(element.value, element.key, kChannels, env);
    if (std::find(channels.begin(), channels.end(), channel) != channels.end()) {
      throw ConfigError(element.key, "duplicate channel " + channel);
    }
    channels.push_back(std::move(channel));
  }
  if (channels.empty()) throw ConfigError(key, "must name at least one channel");
  return channels;
}

// The condition is parsed after the whole mapping is read, so its error can name the rule.
void parseCondition(monitoring::AlertRule& rule, const std::string& key) {
  const std::string condition_key = childKey(key, "condition");
  if (rule.condition_text.size() > monitoring::kMaxConditionLength) {
    throw ConfigError(condition_key, "rule \"" + rule.name + "\": longer than " +
                                         std::to_string(monitoring::kMaxConditionLength) +
                                         " characters");
  }
  auto parsed = monitoring::parseAlertCondition(rule.condition_text);
  if (auto* error = std::get_if<monitoring::ConditionError>(&parsed)) {
    throw ConfigError(condition_key, "rule \"" + rule.name + "\": position " +
                                         std::to_string(error->position) + ": " + error->message);
  }
  rule.condition = std::get<monitoring::AlertCondition>(std::move(parsed));
}

monitoring::AlertRule readRule(const YAML::Node& node, const std::string& key,
                               const Environment& env) {
  monitoring::AlertRule rule;
  std::optional<std::string> condition;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "name") {
      rule.name = readName(entry.value, entry.key, env);
    } else if (entry.name == "condition") {
      condition = readScalar(entry.value, entry.key, "a string", env);
    } else if (entry.name == "severity") {
      rule.severity = readOneOf(entry.value, entry.key, kSeverities, env);
    } else if (entry.name == "channels") {
      rule.channels = readChannels(entry.value, entry.key, env);
    } else {
      throw ConfigError(entry.key, "unknown key");
    }
  }
  // No defaults: a rule is the operator's promise of who is told what.
  for (auto [field, missing] :
       {std::pair{"name", rule.name.empty()}, std::pair{"condition", !condition.has_value()},
        std::pair{"severity", rule.severity.empty()},
        std::pair{"channels", rule.channels.empty()}}) {
    if (missing) throw ConfigError(childKey(key, field), "required");
  }
  rule.condition_text = std::move(*condition);
  parseCondition(rule, key);
  return rule;
}

}  // namespace

std::vector<monitoring::AlertRule> readAlertRules(const YAML::Node& node,
                                                  const Environment& environment) {
  std::vector<monitoring::AlertRule> rules;
  for (const auto& element : sequenceElements(node, "alerts")) {
    if (rules.size() == kMaxAlertRules) {
      throw ConfigError("alerts", "more than " + std::to_string(kMaxAlertRules) + " rules");
    }
    monitoring::AlertRule rule = readRule(element.value, element.key, environment);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      // Alert state is kept per rule name, across instances and restarts.
      if (rules[i].name == rule.name) {
        throw ConfigError(childKey(element.key, "name"),
                          "duplicate name (also " + indexKey("alerts", i) + ")");
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace mensajero::app::detail
