#pragma once

#include <optional>
#include <string_view>

// The kind of channel a conversation, a message or a channel instance runs on (spec
// channel_type). A provider is something else: WhatsApp may go through Meta or Twilio.
namespace mensajero::domain {

enum class ChannelType { WhatsApp, Sms, Voice, Email };

// "whatsapp", "sms", "voice", "email".
std::string_view toText(ChannelType type);
// nullopt for any other text.
std::optional<ChannelType> parseChannelType(std::string_view text);

}  // namespace mensajero::domain
