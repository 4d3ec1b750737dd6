#include "core/inbound_limits.h"

#include "core/utf8.h"

namespace mensajero::core {
namespace {

// The byte offset where code point number `chars` (from 0) starts, or text.size().
std::size_t byteOffsetOfChar(std::string_view text, std::size_t chars) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (seen == chars) return i;
    ++seen;
  }
  return text.size();
}

}  // namespace

bool capUtf8Text(std::string& text, std::size_t max_chars, std::string_view marker) {
  // Bytes bound code points from above: short texts need no counting.
  if (text.size() <= max_chars || utf8Length(text) <= max_chars) return false;
  const std::size_t marker_chars = utf8Length(marker);
  const std::size_t keep = max_chars > marker_chars ? max_chars - marker_chars : 0;
  text.resize(byteOffsetOfChar(text, keep));
  text.append(marker);
  return true;
}

CappedInbound capInboundEvent(storage::InboundEvent& event) {
  CappedInbound capped;
  const std::size_t chars = utf8Length(event.content);
  if (chars > kMaxInboundTextChars) {
    capped.content_chars = chars;
    capped.content = capUtf8Text(event.content, kMaxInboundTextChars, kTruncatedMarker);
  }
  capped.profile_name = capUtf8Text(event.profile_name, kMaxProfileNameChars);
  return capped;
}

}  // namespace mensajero::core
