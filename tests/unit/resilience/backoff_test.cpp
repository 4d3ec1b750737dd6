#include "resilience/backoff.h"

#include <climits>
#include <cmath>

#include <gtest/gtest.h>

namespace mensajero::resilience {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;

// The largest double below 1: the top of what a U[0,1) source returns.
const double kAlmostOne = std::nextafter(1.0, 0.0);

TEST(BackoffTest, ZeroDrawGivesNoDelayAtEveryAttempt) {
  const BackoffPolicy policy;
  for (int attempt = 1; attempt <= 12; ++attempt) {
    EXPECT_EQ(fullJitterDelay(policy, attempt, 0.0), milliseconds(0)) << attempt;
  }
}

TEST(BackoffTest, TopDrawStaysJustBelowDoublingCeiling) {
  const BackoffPolicy policy;
  const milliseconds ceilings[] = {milliseconds(1000),  milliseconds(2000),   milliseconds(4000),
                                   milliseconds(8000),  milliseconds(16000),  milliseconds(32000),
                                   milliseconds(64000), milliseconds(128000), milliseconds(256000)};
  for (int attempt = 1; attempt <= 9; ++attempt) {
    const milliseconds ceiling = ceilings[attempt - 1];
    EXPECT_EQ(fullJitterDelay(policy, attempt, kAlmostOne), ceiling - milliseconds(1)) << attempt;
  }
}

TEST(BackoffTest, DrawScalesLinearlyWithinCeiling) {
  const BackoffPolicy policy;
  EXPECT_EQ(fullJitterDelay(policy, 3, 0.5), milliseconds(2000));
  EXPECT_EQ(fullJitterDelay(policy, 3, 0.25), milliseconds(1000));
}

TEST(BackoffTest, CeilingStopsAtCap) {
  const BackoffPolicy policy;  // 1 s * 2^9 = 512 s would pass the 300 s cap at attempt 10
  EXPECT_EQ(fullJitterDelay(policy, 10, kAlmostOne), milliseconds(299999));
  EXPECT_EQ(fullJitterDelay(policy, 10, 0.5), milliseconds(150000));
}

TEST(BackoffTest, NoOverflowAtAttemptOneHundred) {
  const BackoffPolicy policy;
  EXPECT_EQ(fullJitterDelay(policy, 100, kAlmostOne), milliseconds(299999));
  EXPECT_EQ(fullJitterDelay(policy, INT_MAX, 0.5), milliseconds(150000));
}

TEST(BackoffTest, NoOverflowWithHugeBaseAndCap) {
  BackoffPolicy policy;
  policy.base = milliseconds(LLONG_MAX / 2);
  policy.cap = milliseconds(LLONG_MAX);
  // 1.0 * 2^63 - 1 rounds to 2^63 as a double, which would not convert back to int64.
  EXPECT_EQ(fullJitterDelay(policy, 100, 1.0), milliseconds(LLONG_MAX - 1));
}

TEST(BackoffTest, AttemptBelowOneCountsAsFirst) {
  const BackoffPolicy policy;
  EXPECT_EQ(fullJitterDelay(policy, 0, kAlmostOne), milliseconds(999));
  EXPECT_EQ(fullJitterDelay(policy, -5, kAlmostOne), milliseconds(999));
}

TEST(BackoffTest, DrawOutsideUnitIntervalIsClamped) {
  const BackoffPolicy policy;
  EXPECT_EQ(fullJitterDelay(policy, 1, -0.5), milliseconds(0));
  EXPECT_EQ(fullJitterDelay(policy, 1, 1.0), milliseconds(999));
  EXPECT_EQ(fullJitterDelay(policy, 1, 7.0), milliseconds(999));
  EXPECT_EQ(fullJitterDelay(policy, 1, std::nan("")), milliseconds(0));
}

TEST(BackoffTest, RetryAfterWinsWhenLonger) {
  const BackoffPolicy policy;
  EXPECT_EQ(nextDelay(policy, 1, 0.5, milliseconds(60000)), milliseconds(60000));
}

TEST(BackoffTest, RetryAfterIsNotCapped) {
  const BackoffPolicy policy;
  EXPECT_EQ(nextDelay(policy, 1, 0.5, hours(1)), hours(1));
}

TEST(BackoffTest, JitterWinsWhenRetryAfterIsShorter) {
  const BackoffPolicy policy;
  EXPECT_EQ(nextDelay(policy, 4, 0.5, milliseconds(100)), milliseconds(4000));
  EXPECT_EQ(nextDelay(policy, 4, 0.5, milliseconds(-5)), milliseconds(4000));
}

TEST(BackoffTest, WithoutRetryAfterNextDelayIsTheJitteredDelay) {
  const BackoffPolicy policy;
  EXPECT_EQ(nextDelay(policy, 2, 0.75, std::nullopt), milliseconds(1500));
}

TEST(BackoffTest, GivesUpAfterMaxAttempts) {
  const BackoffPolicy policy;
  EXPECT_FALSE(shouldGiveUp(policy, 7, milliseconds(0)));
  EXPECT_TRUE(shouldGiveUp(policy, 8, milliseconds(0)));
}

TEST(BackoffTest, GivesUpAtMaxAge) {
  const BackoffPolicy policy;
  EXPECT_FALSE(shouldGiveUp(policy, 1, hours(24) - milliseconds(1)));
  EXPECT_TRUE(shouldGiveUp(policy, 1, hours(24)));
}

}  // namespace
}  // namespace mensajero::resilience
