#include "core/inbound_limits.h"

#include <gtest/gtest.h>

#include "core/utf8.h"

namespace mensajero::core {
namespace {

TEST(InboundLimitsTest, ThreeMegabyteTextIsCutTo4096CharactersWithAMarker) {
  storage::InboundEvent event;
  event.content = std::string(3'000'012, 'a');
  const CappedInbound capped = capInboundEvent(event);
  EXPECT_TRUE(capped.content);
  EXPECT_EQ(capped.content_chars, 3'000'012u);
  EXPECT_EQ(utf8Length(event.content), kMaxInboundTextChars);
  EXPECT_TRUE(event.content.ends_with("aaa [truncated]"));
}

TEST(InboundLimitsTest, TextWithinTheLimitIsUntouched) {
  storage::InboundEvent event;
  // 4,096 two-byte characters: 8,192 bytes, still within a limit counted in characters.
  std::string text;
  for (int i = 0; i < 4096; ++i) text += "\xC3\xB1";  // n with tilde
  event.content = text;
  event.profile_name = "Ana";
  const CappedInbound capped = capInboundEvent(event);
  EXPECT_FALSE(capped.content);
  EXPECT_FALSE(capped.profile_name);
  EXPECT_EQ(event.content, text);
  EXPECT_EQ(event.profile_name, "Ana");
}

TEST(InboundLimitsTest, CutNeverSplitsACharacter) {
  // One ASCII byte first, so byte and character boundaries differ.
  std::string cut = "x";
  for (int i = 0; i < 5000; ++i) cut += "\xE2\x82\xAC";  // euro sign, three bytes
  ASSERT_TRUE(capUtf8Text(cut, 100, "..."));
  EXPECT_EQ(utf8Length(cut), 100u);
  EXPECT_EQ(cut.size(), 1u + 96u * 3u + 3u);  // "x", 96 euro signs, the marker
  EXPECT_TRUE(cut.ends_with("\xE2\x82\xAC..."));
}

TEST(InboundLimitsTest, LongProfileNameIsCutTo256CharactersWithoutMarker) {
  storage::InboundEvent event;
  event.profile_name = std::string(10'000, 'n');
  const CappedInbound capped = capInboundEvent(event);
  EXPECT_TRUE(capped.profile_name);
  EXPECT_FALSE(capped.content);
  EXPECT_EQ(event.profile_name, std::string(kMaxProfileNameChars, 'n'));
}

}  // namespace
}  // namespace mensajero::core
