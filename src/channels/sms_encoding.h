#pragma once

#include <cstddef>
#include <string_view>

namespace mensajero::channels {

// How an SMS body travels: GSM-7 (7-bit septets, GSM 03.38 basic table plus the extension
// table, whose characters take two septets) when every character has a GSM-7 form, else
// UCS-2 (UTF-16 code units; characters outside the BMP take a surrogate pair, two units).
enum class SmsEncoding { Gsm7, Ucs2 };

// Single-message and per-part capacities, in septets (GSM-7) or UTF-16 units (UCS-2). A
// concatenated message spends part of each SMS on the user data header.
inline constexpr std::size_t kGsm7SingleCapacity = 160;
inline constexpr std::size_t kGsm7PartCapacity = 153;
inline constexpr std::size_t kUcs2SingleCapacity = 70;
inline constexpr std::size_t kUcs2PartCapacity = 67;

struct SmsSegments {
  SmsEncoding encoding = SmsEncoding::Gsm7;
  std::size_t units = 0;     // septets (GSM-7) or UTF-16 code units (UCS-2)
  std::size_t segments = 0;  // SMS parts the text needs; 0 for an empty text
};

// Chooses the encoding for `utf8_text` and counts the parts it is split into. A part never
// splits an escaped GSM-7 character or a surrogate pair: such a character that does not fit
// starts the next part, as handsets and carriers split. Bytes that are not valid UTF-8 count
// as one UCS-2 unit each (the gateway validates content as UTF-8 before it gets here).
SmsSegments countSmsSegments(std::string_view utf8_text);

// "GSM-7" or "UCS-2".
std::string_view toString(SmsEncoding encoding);

}  // namespace mensajero::channels
