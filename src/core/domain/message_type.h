#pragma once

#include <string_view>

// The message types the store keeps (messages.message_type).
namespace mensajero::domain {

// True for "text", "template", "media" and "interactive".
bool isStoredMessageType(std::string_view message_type);

}  // namespace mensajero::domain
