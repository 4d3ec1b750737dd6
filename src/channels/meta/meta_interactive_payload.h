#pragma once

#include <string>

#include "channels/channel.h"
#include "common/result.h"

namespace mensajero::channels::meta {

// The Graph API body (POST /{phone-number-id}/messages) of an interactive message: reply
// buttons or a list, built from the normalised payload core stored as metadata.interactive
// (core/message_content/interactive_content.h), already checked against Meta's limits.
// `to` is the recipient field as the text payload has it. Invalid
// "invalid_interactive_metadata" when the message carries no such payload.
Result<std::string> interactivePayload(const OutboundSend& message, std::string to);

}  // namespace mensajero::channels::meta
