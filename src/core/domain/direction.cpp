#include "core/domain/direction.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<Direction, 2> kTexts = {{
    {Direction::Inbound, "inbound"},
    {Direction::Outbound, "outbound"},
}};

}  // namespace

std::string_view toText(Direction direction) { return detail::textOf(kTexts, direction); }

std::optional<Direction> parseDirection(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

}  // namespace mensajero::domain
