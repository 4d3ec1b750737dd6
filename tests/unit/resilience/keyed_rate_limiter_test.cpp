#include "resilience/keyed_rate_limiter.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "resilience/clock.h"

namespace mensajero::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Meta's pair rate: one message per 6 s to a user, bursts of up to 45 (providers.md §1.4).
// Keys stand in for recipient HMACs.
class KeyedRateLimiterTest : public ::testing::Test {
 protected:
  void spendBurst(const std::string& key) {
    for (int i = 0; i < 45; ++i) ASSERT_TRUE(limiter_.check(key).allowed) << i;
  }

  ManualClock clock_;
  KeyedRateLimiter limiter_{seconds(6), 45, clock_, 1000};
};

TEST_F(KeyedRateLimiterTest, AllowsABurstOf45ThenRefuses) {
  spendBurst("hmac-a");
  EXPECT_FALSE(limiter_.check("hmac-a").allowed);
}

TEST_F(KeyedRateLimiterTest, AllowsOnePerPeriodAfterTheBurst) {
  spendBurst("hmac-a");
  for (int i = 0; i < 3; ++i) {
    clock_.advance(seconds(6));
    EXPECT_TRUE(limiter_.check("hmac-a").allowed) << i;
    EXPECT_FALSE(limiter_.check("hmac-a").allowed) << i;
  }
}

TEST_F(KeyedRateLimiterTest, RetryAfterIsExact) {
  spendBurst("hmac-a");
  EXPECT_EQ(limiter_.check("hmac-a").retry_after, milliseconds(6000));
  clock_.advance(milliseconds(2500));
  EXPECT_EQ(limiter_.check("hmac-a").retry_after, milliseconds(3500));
  clock_.advance(milliseconds(3499));
  EXPECT_FALSE(limiter_.check("hmac-a").allowed);
  clock_.advance(milliseconds(1));
  EXPECT_TRUE(limiter_.check("hmac-a").allowed);
}

TEST_F(KeyedRateLimiterTest, RemainingCountsDownToZero) {
  for (int expected = 44; expected >= 0; --expected) {
    const auto decision = limiter_.check("hmac-a");
    ASSERT_TRUE(decision.allowed);
    EXPECT_EQ(decision.remaining, expected);
  }
  EXPECT_EQ(limiter_.check("hmac-a").remaining, 0);
}

TEST_F(KeyedRateLimiterTest, ResetAfterIsTimeUntilTheWholeBurstIsBack) {
  EXPECT_EQ(limiter_.check("hmac-a").reset_after, seconds(6));
  EXPECT_EQ(limiter_.check("hmac-a").reset_after, seconds(12));
  clock_.advance(seconds(1));
  EXPECT_EQ(limiter_.check("hmac-a").reset_after, seconds(17));
}

TEST_F(KeyedRateLimiterTest, RefusalReportsResetWithoutConsumingQuota) {
  spendBurst("hmac-a");
  for (int i = 0; i < 10; ++i) {
    const auto refused = limiter_.check("hmac-a");
    ASSERT_FALSE(refused.allowed);
    EXPECT_EQ(refused.reset_after, seconds(270));
  }
  clock_.advance(seconds(6));
  EXPECT_TRUE(limiter_.check("hmac-a").allowed);
}

TEST_F(KeyedRateLimiterTest, WholeBurstReturnsAfterIdling) {
  spendBurst("hmac-a");
  clock_.advance(seconds(270));
  spendBurst("hmac-a");
}

TEST_F(KeyedRateLimiterTest, KeysAreIndependent) {
  spendBurst("hmac-a");
  EXPECT_TRUE(limiter_.check("hmac-b").allowed);
}

TEST_F(KeyedRateLimiterTest, ReportsTheLimit) { EXPECT_EQ(limiter_.limit(), 45); }

TEST(KeyedRateLimiterEvictionTest, DropsKeysWhoseTatHasPassed) {
  ManualClock clock;
  KeyedRateLimiter limiter(seconds(6), 45, clock, 100);
  for (int i = 0; i < 50; ++i) limiter.check("hmac-" + std::to_string(i));
  EXPECT_EQ(limiter.size(), 50u);
  clock.advance(seconds(6));
  limiter.check("hmac-new");
  EXPECT_EQ(limiter.size(), 1u);
  EXPECT_EQ(limiter.forcedEvictions(), 0u);
}

TEST(KeyedRateLimiterEvictionTest, NeverTracksMoreThanMaxKeys) {
  ManualClock clock;
  KeyedRateLimiter limiter(seconds(6), 45, clock, 10);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(limiter.check("hmac-" + std::to_string(i)).allowed);
    ASSERT_LE(limiter.size(), 10u);
  }
  EXPECT_EQ(limiter.forcedEvictions(), 990u);
}

TEST(KeyedRateLimiterEvictionTest, WhenFullDropsTheKeyNearestToFullQuota) {
  ManualClock clock;
  KeyedRateLimiter limiter(seconds(6), 2, clock, 2);
  limiter.check("light");  // TAT now + 6 s
  limiter.check("heavy");
  limiter.check("heavy");  // TAT now + 12 s: spent
  limiter.check("third");  // full: "light" goes
  EXPECT_FALSE(limiter.check("heavy").allowed);
  EXPECT_EQ(limiter.forcedEvictions(), 1u);
}

TEST(KeyedRateLimiterConfigTest, RejectsNonPositiveArguments) {
  ManualClock clock;
  EXPECT_THROW(KeyedRateLimiter(seconds(0), 45, clock, 10), std::invalid_argument);
  EXPECT_THROW(KeyedRateLimiter(seconds(6), 0, clock, 10), std::invalid_argument);
  EXPECT_THROW(KeyedRateLimiter(seconds(6), 45, clock, 0), std::invalid_argument);
}

}  // namespace
}  // namespace mensajero::resilience
