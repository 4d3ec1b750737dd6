#include "core/domain/message_type.h"

#include <array>

namespace mensajero::domain {

bool isStoredMessageType(std::string_view message_type) {
  constexpr std::array<std::string_view, 4> kTypes = {"text", "template", "media", "interactive"};
  for (std::string_view known : kTypes) {
    if (message_type == known) return true;
  }
  return false;
}

}  // namespace mensajero::domain
