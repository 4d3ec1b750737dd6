#include "channels/sms_encoding.h"

#include <algorithm>
#include <array>
#include <vector>

namespace mensajero::channels {
namespace {

// GSM 03.38 basic character set, as Unicode code points (the escape slot 0x1B excluded).
constexpr std::array<char32_t, 127> kGsm7Basic = {
    U'@', U'£', U'$', U'¥', U'è', U'é', U'ù', U'ì', U'ò',  U'Ç', U'\n', U'Ø', U'ø', U'\r', U'Å',
    U'å', U'Δ', U'_', U'Φ', U'Γ', U'Λ', U'Ω', U'Π', U'Ψ',  U'Σ', U'Θ',  U'Ξ', U'Æ', U'æ',  U'ß',
    U'É', U' ', U'!', U'"', U'#', U'¤', U'%', U'&', U'\'', U'(', U')',  U'*', U'+', U',',  U'-',
    U'.', U'/', U'0', U'1', U'2', U'3', U'4', U'5', U'6',  U'7', U'8',  U'9', U':', U';',  U'<',
    U'=', U'>', U'?', U'¡', U'A', U'B', U'C', U'D', U'E',  U'F', U'G',  U'H', U'I', U'J',  U'K',
    U'L', U'M', U'N', U'O', U'P', U'Q', U'R', U'S', U'T',  U'U', U'V',  U'W', U'X', U'Y',  U'Z',
    U'Ä', U'Ö', U'Ñ', U'Ü', U'§', U'¿', U'a', U'b', U'c',  U'd', U'e',  U'f', U'g', U'h',  U'i',
    U'j', U'k', U'l', U'm', U'n', U'o', U'p', U'q', U'r',  U's', U't',  U'u', U'v', U'w',  U'x',
    U'y', U'z', U'ä', U'ö', U'ñ', U'ü', U'à',
};

// The extension table: sent as ESC + one septet, so each costs two septets.
constexpr std::array<char32_t, 10> kGsm7Extension = {
    U'\f', U'^', U'{', U'}', U'\\', U'[', U'~', U']', U'|', U'€',
};

constexpr char32_t kInvalid = 0xFFFFFFFF;

bool contains(const auto& table, char32_t c) {
  return std::find(table.begin(), table.end(), c) != table.end();
}

// Decodes one UTF-8 sequence at text[*pos], advancing *pos; kInvalid (advancing one byte) for
// a malformed, overlong or surrogate sequence.
char32_t nextCodePoint(std::string_view text, std::size_t* pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(*pos);
  std::size_t length = 0;
  char32_t c = 0;
  if (lead < 0x80) {
    ++*pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2;
    c = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    c = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    c = lead & 0x07;
  } else {
    ++*pos;
    return kInvalid;
  }
  if (*pos + length > text.size()) {
    ++*pos;
    return kInvalid;
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(*pos + i) & 0xC0) != 0x80) {
      ++*pos;
      return kInvalid;
    }
    c = (c << 6) | (byte(*pos + i) & 0x3F);
  }
  static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kMinimum[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++*pos;
    return kInvalid;
  }
  *pos += length;
  return c;
}

// The cost of each character in its encoding's units, or an empty list when one character
// has no GSM-7 form (then UCS-2 applies to the whole text).
std::vector<std::size_t> gsm7Costs(const std::vector<char32_t>& text) {
  std::vector<std::size_t> costs;
  costs.reserve(text.size());
  for (const char32_t c : text) {
    if (contains(kGsm7Basic, c)) {
      costs.push_back(1);
    } else if (contains(kGsm7Extension, c)) {
      costs.push_back(2);
    } else {
      return {};
    }
  }
  return costs;
}

std::vector<std::size_t> ucs2Costs(const std::vector<char32_t>& text) {
  std::vector<std::size_t> costs;
  costs.reserve(text.size());
  for (const char32_t c : text) {
    costs.push_back(c != kInvalid && c > 0xFFFF ? 2 : 1);
  }
  return costs;
}

// Fills parts greedily; a character that does not fit in what is left starts a new part.
SmsSegments pack(SmsEncoding encoding, const std::vector<std::size_t>& costs,
                 std::size_t single_capacity, std::size_t part_capacity) {
  SmsSegments result{encoding, 0, 0};
  for (const std::size_t cost : costs) {
    result.units += cost;
  }
  if (result.units == 0) {
    return result;
  }
  if (result.units <= single_capacity) {
    result.segments = 1;
    return result;
  }
  std::size_t used = 0;
  result.segments = 1;
  for (const std::size_t cost : costs) {
    if (used + cost > part_capacity) {
      ++result.segments;
      used = 0;
    }
    used += cost;
  }
  return result;
}

}  // namespace

SmsSegments countSmsSegments(std::string_view utf8_text) {
  std::vector<char32_t> text;
  text.reserve(utf8_text.size());
  for (std::size_t pos = 0; pos < utf8_text.size();) {
    text.push_back(nextCodePoint(utf8_text, &pos));
  }
  const std::vector<std::size_t> gsm7 = gsm7Costs(text);
  if (gsm7.size() == text.size()) {
    return pack(SmsEncoding::Gsm7, gsm7, kGsm7SingleCapacity, kGsm7PartCapacity);
  }
  return pack(SmsEncoding::Ucs2, ucs2Costs(text), kUcs2SingleCapacity, kUcs2PartCapacity);
}

std::string_view toString(SmsEncoding encoding) {
  return encoding == SmsEncoding::Gsm7 ? "GSM-7" : "UCS-2";
}

}  // namespace mensajero::channels
