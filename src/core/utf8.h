#pragma once

#include <cstddef>
#include <string_view>

namespace mensajero::core {

// Number of code points in UTF-8 text (bytes that are not continuation bytes). The JSON
// parser has already rejected ill-formed UTF-8. Limits such as WhatsApp's 4096 characters
// count code points, not bytes.
std::size_t utf8Length(std::string_view text);

}  // namespace mensajero::core
