#include "channels/sms_encoding.h"

#include <string>

#include <gtest/gtest.h>

namespace mensajero::channels::twilio {
namespace {

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(SmsEncodingTest, EmptyTextNeedsNoPart) {
  const SmsSegments s = countSmsSegments("");
  EXPECT_EQ(s.encoding, SmsEncoding::Gsm7);
  EXPECT_EQ(s.units, 0u);
  EXPECT_EQ(s.segments, 0u);
}

TEST(SmsEncodingTest, PlainAsciiIsGsm7) {
  const SmsSegments s = countSmsSegments("Hello, your appointment is at 10:30.");
  EXPECT_EQ(s.encoding, SmsEncoding::Gsm7);
  EXPECT_EQ(s.units, 36u);
  EXPECT_EQ(s.segments, 1u);
}

TEST(SmsEncodingTest, SpanishAccentsInTheBasicTableStayGsm7) {
  // ñ, é, ¿, ¡ and Ñ are in GSM 03.38's basic table; á and ó are not.
  EXPECT_EQ(countSmsSegments("¿Mañana? ¡Sí! Ñandú é").encoding, SmsEncoding::Ucs2);  // í, ú
  EXPECT_EQ(countSmsSegments("¿Mañana? ¡Ñ! é").encoding, SmsEncoding::Gsm7);
  EXPECT_EQ(countSmsSegments("¿Mañana? ¡Ñ! é").units, 14u);
  EXPECT_EQ(countSmsSegments("cita mañana á las diez").encoding, SmsEncoding::Ucs2);
}

TEST(SmsEncodingTest, Gsm7FitsOnePartUpTo160Septets) {
  EXPECT_EQ(countSmsSegments(repeat("a", 160)).segments, 1u);
  const SmsSegments s = countSmsSegments(repeat("a", 161));
  EXPECT_EQ(s.units, 161u);
  EXPECT_EQ(s.segments, 2u);
}

TEST(SmsEncodingTest, Gsm7ConcatenatedPartsHold153Septets) {
  EXPECT_EQ(countSmsSegments(repeat("a", 306)).segments, 2u);
  EXPECT_EQ(countSmsSegments(repeat("a", 307)).segments, 3u);
}

TEST(SmsEncodingTest, EuroSignIsGsm7ExtensionAndCostsTwoSeptets) {
  const SmsSegments s = countSmsSegments("Total: 20€");
  EXPECT_EQ(s.encoding, SmsEncoding::Gsm7);
  EXPECT_EQ(s.units, 11u);
  // 80 euro signs are exactly 160 septets; 81 need two parts.
  EXPECT_EQ(countSmsSegments(repeat("€", 80)).segments, 1u);
  EXPECT_EQ(countSmsSegments(repeat("€", 81)).segments, 2u);
}

TEST(SmsEncodingTest, EveryExtensionCharacterCostsTwo) {
  const SmsSegments s = countSmsSegments("^{}\\[~]|€\f");
  EXPECT_EQ(s.encoding, SmsEncoding::Gsm7);
  EXPECT_EQ(s.units, 20u);
}

TEST(SmsEncodingTest, EscapedCharacterIsNeverSplitAcrossParts) {
  // 152 septets then '€' (2): the part holds 153, so '€' moves to the next part.
  const std::string text = repeat("a", 152) + "€" + repeat("a", 10);
  const SmsSegments s = countSmsSegments(text);
  EXPECT_EQ(s.units, 164u);
  EXPECT_EQ(s.segments, 2u);
  // 152 + 2 + 152 = 306 septets fit two parts of 153 by arithmetic, but the split needs three.
  EXPECT_EQ(countSmsSegments(repeat("a", 152) + "€" + repeat("a", 152)).segments, 3u);
}

TEST(SmsEncodingTest, Ucs2FitsOnePartUpTo70Units) {
  const std::string seventy = repeat("á", 70);
  EXPECT_EQ(countSmsSegments(seventy).encoding, SmsEncoding::Ucs2);
  EXPECT_EQ(countSmsSegments(seventy).segments, 1u);
  const SmsSegments s = countSmsSegments(repeat("á", 71));
  EXPECT_EQ(s.units, 71u);
  EXPECT_EQ(s.segments, 2u);
}

TEST(SmsEncodingTest, Ucs2ConcatenatedPartsHold67Units) {
  EXPECT_EQ(countSmsSegments(repeat("á", 134)).segments, 2u);
  EXPECT_EQ(countSmsSegments(repeat("á", 135)).segments, 3u);
}

TEST(SmsEncodingTest, OneNonGsmCharacterMakesTheWholeTextUcs2) {
  const SmsSegments s = countSmsSegments(repeat("a", 100) + "ó");
  EXPECT_EQ(s.encoding, SmsEncoding::Ucs2);
  EXPECT_EQ(s.units, 101u);
  EXPECT_EQ(s.segments, 2u);
}

TEST(SmsEncodingTest, EmojiIsASurrogatePairOfTwoUnits) {
  const SmsSegments s = countSmsSegments("OK 👍");
  EXPECT_EQ(s.encoding, SmsEncoding::Ucs2);
  EXPECT_EQ(s.units, 5u);
  EXPECT_EQ(countSmsSegments(repeat("👍", 35)).segments, 1u);  // 70 units
  EXPECT_EQ(countSmsSegments(repeat("👍", 36)).segments, 2u);  // 72 units
}

TEST(SmsEncodingTest, SurrogatePairIsNeverSplitAcrossParts) {
  // 66 units then an emoji (2): 68 > 67, so the emoji opens the second part.
  const std::string text = repeat("á", 66) + "👍" + repeat("á", 66);
  const SmsSegments s = countSmsSegments(text);
  EXPECT_EQ(s.units, 134u);  // would fit two parts of 67 by arithmetic
  EXPECT_EQ(s.segments, 3u);
}

TEST(SmsEncodingTest, InvalidUtf8CountsAsUcs2UnitPerByte) {
  const SmsSegments s = countSmsSegments(std::string("ab\xff\xc3", 4));
  EXPECT_EQ(s.encoding, SmsEncoding::Ucs2);
  EXPECT_EQ(s.units, 4u);
}

TEST(SmsEncodingTest, NamesEncodings) {
  EXPECT_EQ(toString(SmsEncoding::Gsm7), "GSM-7");
  EXPECT_EQ(toString(SmsEncoding::Ucs2), "UCS-2");
}

}  // namespace
}  // namespace mensajero::channels::twilio
