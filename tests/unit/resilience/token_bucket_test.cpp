#include "resilience/token_bucket.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "resilience/clock.h"

namespace mensajero::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Meta's throughput per business number: 80 messages/s (providers.md §1.4).
TEST(TokenBucketTest, StartsFullAndAllowsTheWholeBurst) {
  ManualClock clock;
  TokenBucket bucket(80, 80, clock);
  for (int i = 0; i < 80; ++i) ASSERT_EQ(bucket.tryTake(), std::nullopt) << i;
  EXPECT_NE(bucket.tryTake(), std::nullopt);
}

TEST(TokenBucketTest, RefillsAtTheRateAfterTheBurst) {
  ManualClock clock;
  TokenBucket bucket(80, 80, clock);
  for (int i = 0; i < 80; ++i) ASSERT_EQ(bucket.tryTake(), std::nullopt);
  clock.advance(milliseconds(500));
  int taken = 0;
  while (!bucket.tryTake()) ++taken;
  EXPECT_EQ(taken, 40);
}

TEST(TokenBucketTest, WaitIsExactTimeUntilATokenArrives) {
  ManualClock clock;
  TokenBucket bucket(10, 1, clock);
  ASSERT_EQ(bucket.tryTake(), std::nullopt);
  EXPECT_EQ(bucket.tryTake(), milliseconds(100));
  clock.advance(milliseconds(99));
  EXPECT_EQ(bucket.tryTake(), milliseconds(1));
  clock.advance(milliseconds(1));
  EXPECT_EQ(bucket.tryTake(), std::nullopt);
}

TEST(TokenBucketTest, WaitRoundsUpToWholeMilliseconds) {
  ManualClock clock;
  TokenBucket bucket(80, 1, clock);
  ASSERT_EQ(bucket.tryTake(), std::nullopt);
  EXPECT_EQ(bucket.tryTake(), milliseconds(13));  // 12.5 ms per token
  clock.advance(milliseconds(12));
  EXPECT_NE(bucket.tryTake(), std::nullopt);
  clock.advance(milliseconds(1));
  EXPECT_EQ(bucket.tryTake(), std::nullopt);
}

TEST(TokenBucketTest, RefusalTakesNothing) {
  ManualClock clock;
  TokenBucket bucket(1, 5, clock);
  ASSERT_EQ(bucket.tryTake(3), std::nullopt);
  EXPECT_EQ(bucket.tryTake(3), seconds(1));  // two there, one more in a second
  EXPECT_EQ(bucket.tryTake(2), std::nullopt);
}

TEST(TokenBucketTest, NeverHoldsMoreThanTheBurst) {
  ManualClock clock;
  TokenBucket bucket(80, 80, clock);
  clock.advance(std::chrono::hours(1));
  EXPECT_DOUBLE_EQ(bucket.available(), 80.0);
}

TEST(TokenBucketTest, MoreThanTheBurstNeverFits) {
  ManualClock clock;
  TokenBucket bucket(80, 80, clock);
  EXPECT_EQ(bucket.tryTake(81), milliseconds::max());
  EXPECT_DOUBLE_EQ(bucket.available(), 80.0);
}

TEST(TokenBucketTest, RejectsNonPositiveRateOrBurstBelowOne) {
  ManualClock clock;
  EXPECT_THROW(TokenBucket(0, 10, clock), std::invalid_argument);
  EXPECT_THROW(TokenBucket(10, 0.5, clock), std::invalid_argument);
}

}  // namespace
}  // namespace mensajero::resilience
