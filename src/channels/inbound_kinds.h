#pragma once

#include <string_view>

// Provider-neutral names for inbound events that are not a patient's message, and for the
// reasons an inbound event is dropped. Providers (channels/<provider>/) emit them in
// channels/webhook_events.h; they are stored in inbound_events.kind and shown by the API.
namespace mensajero::channels::inbound_kinds {

// Attached to the message it names (latest per sender); an empty emoji removes it.
inline constexpr std::string_view kReaction = "reaction";
// Replaces the text of the message it names; the previous text is kept in its history.
inline constexpr std::string_view kEdit = "edit";
// The sender deleted a message for everyone: recorded and linked to it; the text stays.
inline constexpr std::string_view kRevoke = "revoke";
// The sender's number changed: the patient and conversation move to the new number.
inline constexpr std::string_view kNumberChange = "number_change";
// The sender's identity (security code) changed: recorded only.
inline constexpr std::string_view kIdentityChange = "identity_change";
// A message type the provider does not deliver: recorded with the provider's code.
inline constexpr std::string_view kUnsupported = "unsupported";
// A message the provider delivered with errors and no usable content.
inline constexpr std::string_view kError = "error";
// Any other system notice.
inline constexpr std::string_view kSystem = "system";

}  // namespace mensajero::channels::inbound_kinds

namespace mensajero::channels::drop_reasons {

// Why an inbound event was dropped (counted in health metrics inboundDropped).
inline constexpr std::string_view kNoMessageId = "no_message_id";  // missing or unusable id
inline constexpr std::string_view kNoSender = "no_sender";  // neither an address nor a user id
inline constexpr std::string_view kForeignNumber = "foreign_number";  // not our channel

}  // namespace mensajero::channels::drop_reasons
