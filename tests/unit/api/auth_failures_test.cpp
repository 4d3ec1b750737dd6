#include "api/auth_failures.h"

#include <gtest/gtest.h>

namespace mensajero::api {
namespace {

using std::chrono::milliseconds;

TEST(AuthFailuresTest, BlocksASourceAtItsTenthFailureWithinAMinute) {
  resilience::ManualClock clock;
  AuthFailures failures({.failures_per_minute = 10, .block_ms = 60'000}, clock);
  for (int i = 1; i < 10; ++i) {
    EXPECT_FALSE(failures.recordFailure("192.0.2.1")) << i;
    EXPECT_FALSE(failures.blockedFor("192.0.2.1").has_value()) << i;
    clock.advance(milliseconds(100));
  }
  EXPECT_TRUE(failures.recordFailure("192.0.2.1"));
  EXPECT_EQ(failures.blockedFor("192.0.2.1"), std::optional<std::int64_t>(60'000));
  // Other sources are not affected.
  EXPECT_FALSE(failures.blockedFor("192.0.2.2").has_value());
  EXPECT_EQ(failures.failuresTotal(), 10);
}

TEST(AuthFailuresTest, TheBlockEndsAfterBlockMs) {
  resilience::ManualClock clock;
  AuthFailures failures({.failures_per_minute = 2, .block_ms = 5'000}, clock);
  failures.recordFailure("192.0.2.1");
  ASSERT_TRUE(failures.recordFailure("192.0.2.1"));
  clock.advance(milliseconds(4'999));
  EXPECT_EQ(failures.blockedFor("192.0.2.1"), std::optional<std::int64_t>(1));
  clock.advance(milliseconds(1));
  EXPECT_FALSE(failures.blockedFor("192.0.2.1").has_value());
  // A fresh window: one failure is not enough to block again.
  EXPECT_FALSE(failures.recordFailure("192.0.2.1"));
}

TEST(AuthFailuresTest, FailuresSpreadOverMoreThanAMinuteDoNotBlock) {
  resilience::ManualClock clock;
  AuthFailures failures({.failures_per_minute = 3, .block_ms = 60'000}, clock);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(failures.recordFailure("192.0.2.1")) << i;
    clock.advance(milliseconds(30'000));
  }
}

TEST(AuthFailuresTest, WhenFullANewSourceIsNotCountedButBlockedOnesStay) {
  resilience::ManualClock clock;
  AuthFailures failures({.failures_per_minute = 1, .block_ms = 60'000, .max_sources = 2}, clock);
  ASSERT_TRUE(failures.recordFailure("192.0.2.1"));
  ASSERT_TRUE(failures.recordFailure("192.0.2.2"));
  EXPECT_FALSE(failures.recordFailure("192.0.2.3"));
  EXPECT_FALSE(failures.blockedFor("192.0.2.3").has_value());
  EXPECT_TRUE(failures.blockedFor("192.0.2.1").has_value());
  // Once the blocks lapse, their entries make room.
  clock.advance(milliseconds(60'000));
  EXPECT_TRUE(failures.recordFailure("192.0.2.3"));
}

}  // namespace
}  // namespace mensajero::api
