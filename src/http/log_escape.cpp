#include "http/log_escape.h"

#include <cstdint>

namespace mensajero::http {
namespace {

void appendHex(std::string& out, unsigned char byte) {
  constexpr char kDigits[] = "0123456789abcdef";
  out += "\\x";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0xf];
}

// The length of the well-formed UTF-8 sequence (RFC 3629: no overlongs, no surrogates, at
// most U+10FFFF) that starts text, or 0 when text does not start with one.
std::size_t utf8SequenceLength(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (text.size() < length) return 0;
  if (byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xbf) return 0;
  }
  return length;
}

// Valid characters that still act on a terminal or a log viewer: the C1 controls U+0080..
// U+009F, and U+2028/U+2029, which some viewers show as line breaks.
bool isInvisibleControl(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(sequence[i]); };
  if (sequence.size() == 2) return byte(0) == 0xc2 && byte(1) <= 0x9f;
  return sequence.size() == 3 && byte(0) == 0xe2 && byte(1) == 0x80 &&
         (byte(2) == 0xa8 || byte(2) == 0xa9);
}

}  // namespace

std::string escapeForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto c = static_cast<unsigned char>(text.front());
    if (c < 0x80) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c < 0x20 || c == 0x7f) {
        appendHex(out, c);
      } else {
        out += static_cast<char>(c);
      }
      text.remove_prefix(1);
      continue;
    }
    const std::size_t length = utf8SequenceLength(text);
    if (length == 0 || isInvisibleControl(text.substr(0, length))) {
      // One byte at a time: the next byte may start a valid sequence of its own.
      const std::size_t bad = length == 0 ? 1 : length;
      for (std::size_t i = 0; i < bad; ++i) appendHex(out, static_cast<unsigned char>(text[i]));
      text.remove_prefix(bad);
      continue;
    }
    out.append(text.substr(0, length));
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace mensajero::http
