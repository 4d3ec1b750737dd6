#pragma once

#include <optional>
#include <string_view>

// The outbox serves High before Normal before Low (messages.priority).
namespace mensajero::domain {

enum class Priority { Low, Normal, High };

// "low", "normal", "high".
std::string_view toText(Priority priority);
// nullopt for any other text.
std::optional<Priority> parsePriority(std::string_view text);

}  // namespace mensajero::domain
