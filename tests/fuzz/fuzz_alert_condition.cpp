// libFuzzer target: an alert rule's condition text through the grammar (issue 12). Any input
// must give a condition or an error whose position lies within the text (or just past it); a
// parsed condition, written back from its normalised parts, must parse to the same condition.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "monitoring/alert_condition.h"

namespace {

using mensajero::monitoring::AlertCondition;
using mensajero::monitoring::ConditionError;

void check(bool holds) {
  if (!holds) std::abort();
}

std::string rewrite(const AlertCondition& condition) {
  std::string text = std::string(toString(condition.metric)) + " " +
                     std::string(toString(condition.comparison)) + " " + condition.value_text;
  if (condition.for_ms > 0) text += " for " + condition.for_text;
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = mensajero::monitoring::parseAlertCondition(text);
  if (const auto* error = std::get_if<ConditionError>(&parsed)) {
    check(error->position >= 1);
    check(error->position <= std::max(text.size(), mensajero::monitoring::kMaxConditionLength) + 1);
    check(!error->message.empty() && error->message.size() < 400);
    for (char c : error->message) check(c >= 0x20 && c < 0x7f);
    return 0;
  }
  const auto& condition = std::get<AlertCondition>(parsed);
  check(condition.for_ms >= 0 && condition.for_ms <= mensajero::monitoring::kMaxForMs);
  auto again = mensajero::monitoring::parseAlertCondition(rewrite(condition));
  check(std::holds_alternative<AlertCondition>(again));
  const auto& same = std::get<AlertCondition>(again);
  check(same.metric == condition.metric && same.comparison == condition.comparison &&
        same.threshold == condition.threshold && same.for_ms == condition.for_ms &&
        same.value_text == condition.value_text);
  (void)mensajero::monitoring::conditionHolds(condition, condition.threshold);
  return 0;
}
