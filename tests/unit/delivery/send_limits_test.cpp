#include "delivery/send_limits.h"

#include <gtest/gtest.h>

namespace mensajero::delivery {
namespace {

using std::chrono::milliseconds;

class SendLimitsTest : public ::testing::Test {
 protected:
  SendLimitsConfig config() const {
    SendLimitsConfig c;
    c.channel_messages_per_second = 10;
    c.channel_burst = 2;
    c.pair_interval = milliseconds(6'000);
    c.pair_burst = 3;
    return c;
  }
  resilience::ManualClock clock_;
  SendLimits limits_{config(), clock_};
};

TEST_F(SendLimitsTest, PairLimitAllowsTheBurstThenNamesTheWait) {
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limits_.takePair("ch-1", "+12015550101")) << i;
  const auto wait = limits_.takePair("ch-1", "+12015550101");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, milliseconds(6'000));
  clock_.advance(milliseconds(6'000));
  EXPECT_FALSE(limits_.takePair("ch-1", "+12015550101"));
}

TEST_F(SendLimitsTest, PairLimitIsPerChannelAndRecipient) {
  for (int i = 0; i < 3; ++i) limits_.takePair("ch-1", "+12015550101");
  EXPECT_TRUE(limits_.takePair("ch-1", "+12015550101"));
  EXPECT_FALSE(limits_.takePair("ch-1", "+12015550102"));
  EXPECT_FALSE(limits_.takePair("ch-2", "+12015550101"));
}

TEST_F(SendLimitsTest, ChannelBucketHoldsItsBurstThenRefillsAtTheRate) {
  EXPECT_FALSE(limits_.takeChannel("ch-1"));
  EXPECT_FALSE(limits_.takeChannel("ch-1"));
  const auto wait = limits_.takeChannel("ch-1");
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(*wait, milliseconds(100));
  // Another channel instance has its own bucket.
  EXPECT_FALSE(limits_.takeChannel("ch-2"));
  clock_.advance(milliseconds(100));
  EXPECT_FALSE(limits_.takeChannel("ch-1"));
}

}  // namespace
}  // namespace mensajero::delivery

namespace mensajero::delivery {
namespace {

// Issue 10: the numbers are the provider's unless the operator sets them.
TEST(SendLimitsProviderTest, UnsetLimitsAreTheInstancesProviderDefaults) {
  resilience::ManualClock clock;
  const channels::ProviderLimits provider{.messages_per_second = 10,
                                          .burst = 4,
                                          .pair_interval = std::chrono::milliseconds(1'000),
                                          .pair_burst = 2};
  SendLimits limits({}, clock, [&](const std::string&) { return provider; });
  EXPECT_EQ(limits.channelTokens("ch-1"), 4u);
  EXPECT_FALSE(limits.takePair("ch-1", "+12015550101"));
  EXPECT_FALSE(limits.takePair("ch-1", "+12015550101"));
  EXPECT_EQ(limits.takePair("ch-1", "+12015550101"), std::chrono::milliseconds(1'000));
}

TEST(SendLimitsProviderTest, TheOperatorsLimitOverridesTheProviders) {
  resilience::ManualClock clock;
  SendLimitsConfig config;
  config.channel_burst = 1;
  SendLimits limits(config, clock, [](const std::string&) {
    return std::optional(channels::ProviderLimits{.messages_per_second = 10, .burst = 4});
  });
  EXPECT_EQ(limits.channelTokens("ch-1"), 1u);
}

TEST(SendLimitsProviderTest, AnInstanceWhoseProviderIsUnknownGetsTheStrictLimits) {
  resilience::ManualClock clock;
  SendLimits limits({}, clock, [](const std::string&) -> std::optional<channels::ProviderLimits> {
    return std::nullopt;
  });
  EXPECT_EQ(limits.channelTokens("ch-1"), std::size_t(kUnknownProviderLimits.burst));
  EXPECT_FALSE(limits.takePair("ch-1", "+12015550101"));
  EXPECT_TRUE(limits.takePair("ch-1", "+12015550101").has_value());
}

}  // namespace
}  // namespace mensajero::delivery
