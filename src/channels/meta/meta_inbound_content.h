#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "channels/inbound_content.h"

namespace mensajero::channels::meta {

// Reads the non-text content of one Cloud API message object (messages[i]) of the given
// `type`: media (image, audio incl. voice notes, video, document, sticker), location,
// contacts, order, interactive nfm_reply (a WhatsApp Flow's answers), interactive
// button_reply / list_reply and button (a template quick-reply tap). Any other type
// yields empty content. Never fails: a missing or mistyped field reads as absent, every
// string is cut to the bounds of channels/inbound_content.h (NULs removed, UTF-8 kept whole),
// lists are capped, and `trimmed` says whether anything was cut or left out.
InboundContent parseMetaInboundContent(const nlohmann::json& message, const std::string& type);

}  // namespace mensajero::channels::meta
