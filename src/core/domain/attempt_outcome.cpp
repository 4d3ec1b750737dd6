#include "core/domain/attempt_outcome.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<AttemptOutcome, 4> kTexts = {{
    {AttemptOutcome::Sent, "sent"},
    {AttemptOutcome::Failed, "failed"},
    {AttemptOutcome::Retry, "retry"},
    {AttemptOutcome::Deferred, "deferred"},
}};

}  // namespace

std::string_view toText(AttemptOutcome outcome) { return detail::textOf(kTexts, outcome); }

std::optional<AttemptOutcome> parseAttemptOutcome(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

}  // namespace mensajero::domain
