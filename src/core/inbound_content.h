#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "channels/inbound_content.h"
#include "storage/records.h"

namespace mensajero::core {

// The largest stored form of one message's structured content. The per-field bounds of
// channels/inbound_content.h keep media, locations and flow answers well below it; a message
// with many long contact cards or order lines loses its last ones until it fits.
inline constexpr std::size_t kMaxContentJsonBytes = 96 * 1024;

// The message's text for people when it has none of its own: "[image]", a document's filename,
// "[location] name, address (lat, lon)", "[contact] ...", "[order] ...", "[form reply] ...",
// a reply's title (the button or row the patient tapped).
// A media caption, when present, is the text. Empty only for empty content.
std::string renderInboundText(const channels::InboundContent& content);

// The stored (and API) form of the content: an object whose "kind" is one of image, audio,
// voice, video, document, sticker, location, contacts, order, flow_reply, reply; empty
// strings are left out; "truncated" is true when the parser or kMaxContentJsonBytes cut something.
// Null JSON for empty content. docs/openapi.yaml (InboundContent) documents every field.
nlohmann::json inboundContentJson(const channels::InboundContent& content);

// Puts `content` on `event`: its stored form in content_json (within kMaxContentJsonBytes)
// and, when the event has no text of its own, renderInboundText as its text. Logs (message id
// only, no content) when anything was cut. No change for empty content.
void attachInboundContent(storage::InboundEvent& event, channels::InboundContent content);

}  // namespace mensajero::core
