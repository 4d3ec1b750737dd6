#include "core/domain/priority.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<Priority, 3> kTexts = {{
    {Priority::Low, "low"},
    {Priority::Normal, "normal"},
    {Priority::High, "high"},
}};

}  // namespace

std::string_view toText(Priority priority) { return detail::textOf(kTexts, priority); }

std::optional<Priority> parsePriority(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

}  // namespace mensajero::domain
