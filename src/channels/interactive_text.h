#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "channels/channel.h"

namespace mensajero::channels {

// An interactive message (the normalised payload stored as metadata.interactive, see
// core/message_content/interactive_content.h) as plain text for a channel without buttons,
// such as SMS:
//
//   <header text>            (when the header is text)
//   <body>
//
//   1. <button or row title>[ - <row description>]
//   2. ...
//
//   <footer>
//
// Options are numbered in order across a list's sections. Fields that are missing or not
// strings are left out; an input that is not an object renders as "". Pure function.
std::string renderInteractiveText(const nlohmann::json& interactive);

// `message` (message_type 'interactive') as a text message whose content is
// renderInteractiveText of its metadata.interactive; the stored content (the body) when the
// metadata holds none. For channels that send text only.
OutboundSend interactiveAsText(const OutboundSend& message);

}  // namespace mensajero::channels
