#pragma once

#include <optional>
#include <string_view>

// Whether a message came from the patient or goes to them (messages.direction).
namespace mensajero::domain {

enum class Direction { Inbound, Outbound };

// "inbound", "outbound".
std::string_view toText(Direction direction);
// nullopt for any other text.
std::optional<Direction> parseDirection(std::string_view text);

}  // namespace mensajero::domain
