#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "storage/records.h"

namespace mensajero::core {

// What a stored inbound message may hold. WhatsApp itself sends at most 4,096 characters of
// text, so a longer body is not a patient's message but a forged or broken one; keeping it
// whole would let one webhook fill the database and every reader's page.
inline constexpr std::size_t kMaxInboundTextChars = 4096;
inline constexpr std::size_t kMaxProfileNameChars = 256;
// Ends a cut text, within its limit, so a reader knows that text is missing.
inline constexpr std::string_view kTruncatedMarker = " [truncated]";

// Cuts UTF-8 `text` to at most `max_chars` code points, never inside one. With a `marker`, the
// marker ends the cut text and counts towards the limit. False (and no change) when the text
// fits already.
bool capUtf8Text(std::string& text, std::size_t max_chars, std::string_view marker = {});

struct CappedInbound {
  bool content = false;           // the text was cut (and marked)
  bool profile_name = false;      // the sender's profile name was cut
  std::size_t content_chars = 0;  // the text's length before the cut, in code points
};

// Applies the limits above to one inbound event.
CappedInbound capInboundEvent(storage::InboundEvent& event);

}  // namespace mensajero::core
