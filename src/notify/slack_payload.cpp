#include "notify/slack_payload.h"

#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "notify/alert_wording.h"

namespace mensajero::notify {
namespace {

// Block Kit limits: a header's plain_text 150 characters, a field's text 2000, the fallback
// text is kept short too. Bytes are a safe stand-in for characters (never more characters).
constexpr std::size_t kHeaderMax = 150;
constexpr std::size_t kFieldMax = 2000;
constexpr std::size_t kTextMax = 3000;

nlohmann::json field(std::string_view label, std::string_view value) {
  return {
      {"type", "mrkdwn"},
      {"text", truncateUtf8("*" + std::string(label) + "*\n" + escapeSlackText(value), kFieldMax)}};
}

}  // namespace

std::string escapeSlackText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string slackPayload(const monitoring::AlertNotification& n) {
  using Kind = monitoring::AlertNotification::Kind;
  const std::string title = headline(n);
  nlohmann::json fields = nlohmann::json::array({
      field("Rule", n.rule_name),
      field("Severity", n.severity),
      field("Condition", n.condition),
      field("Value", n.metric + " = " + formatValue(n.value) + " (threshold " +
                         formatValue(n.threshold) + ")"),
      field(n.kind == Kind::Resolve ? "Held since" : "Since", formatIso8601(n.since)),
      field(n.kind == Kind::Resolve ? "Resolved at" : "At", formatIso8601(n.at)),
  });
  nlohmann::json blocks = nlohmann::json::array({
      {{"type", "header"},
       {"text", {{"type", "plain_text"}, {"text", truncateUtf8(title, kHeaderMax)}}}},
      {{"type", "section"}, {"fields", std::move(fields)}},
      {{"type", "context"},
       {"elements",
        nlohmann::json::array(
            {{{"type", "mrkdwn"},
              {"text", escapeSlackText("source " + n.source + " | alert " + n.dedup_key)}}})}},
  });
  nlohmann::json body = {{"text", truncateUtf8(escapeSlackText(title), kTextMax)},
                         {"blocks", std::move(blocks)}};
  // Invalid UTF-8 in a rule name must not throw: replace it.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace mensajero::notify
