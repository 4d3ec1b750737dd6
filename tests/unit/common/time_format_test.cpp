#include "common/time_format.h"

#include <gtest/gtest.h>

namespace mensajero {
namespace {

TEST(TimeFormatTest, FormatsFixedWidthUtcWithMillis) {
  EXPECT_EQ(formatIso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(formatIso8601(1'750'030'073'045), "2025-06-15T23:27:53.045Z");
}

TEST(TimeFormatTest, ParsesWhatItFormats) {
  const UnixMillis at = 1'767'225'600'123;
  EXPECT_EQ(parseIso8601(formatIso8601(at)), at);
}

TEST(TimeFormatTest, AppliesOffsets) {
  EXPECT_EQ(parseIso8601("2026-01-01T01:00:00+01:00"), parseIso8601("2026-01-01T00:00:00Z"));
  EXPECT_EQ(parseIso8601("2025-12-31T19:00:00-05:00"), parseIso8601("2026-01-01T00:00:00Z"));
}

TEST(TimeFormatTest, KeepsMillisecondsOfLongerFractions) {
  EXPECT_EQ(parseIso8601("1970-01-01T00:00:01.2345Z"), 1234);
  EXPECT_EQ(parseIso8601("1970-01-01T00:00:01.5Z"), 1500);
}

TEST(TimeFormatTest, RejectsMalformedText) {
  for (const char* bad :
       {"", "tomorrow", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01 00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00+5"}) {
    EXPECT_FALSE(parseIso8601(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace mensajero
