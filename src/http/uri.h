#pragma once

#include <optional>
#include <string>
#include <string_view>

// Private helpers for request targets; no Beast types.
namespace mensajero::http {

// Decodes "%XX" escapes (and '+' as space when plus_as_space). Returns nullopt for a
// truncated or non-hex escape.
std::optional<std::string> percentDecode(std::string_view text, bool plus_as_space);

// ASCII case-insensitive equality, as HTTP field names compare.
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace mensajero::http
