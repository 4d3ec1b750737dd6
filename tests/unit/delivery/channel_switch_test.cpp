// delivery::switchChannel on a real SQLite store behind the fault-injecting wrapper.
#include "delivery/channel_switch.h"

#include <gtest/gtest.h>

#include "resilience/clock.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::delivery {
namespace {

class ChannelSwitchTest : public ::testing::Test {
 protected:
  ChannelSwitchTest()
      : seeded_(testing::openSeededStore(dir_)),
        store_(*seeded_.store),
        breakers_(store_, clock_, config()) {}

  static resilience::CircuitBreakerConfig config() {
    resilience::CircuitBreakerConfig config;
    config.failure_threshold = 1;
    return config;
  }

  std::string status() {
    auto channel = seeded_.store->findChannelInstance(seeded_.channel_id);
    return channel.ok() && *channel ? (*channel)->status : "";
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  BreakerBoard breakers_;
};

TEST_F(ChannelSwitchTest, DisableMarksTheInstanceInactiveAndReturnsIt) {
  auto switched = switchChannel(store_, breakers_, seeded_.organization_id, seeded_.channel_id,
                                /*enable=*/false);
  ASSERT_TRUE(switched.ok()) << switched.error().message;
  EXPECT_EQ(switched->status, "inactive");
  EXPECT_EQ(status(), "inactive");
}

TEST_F(ChannelSwitchTest, EnableReconnectsAndResetsAnOpenBreaker) {
  breakers_.forChannel(seeded_.channel_id).onFailure("timeout");
  ASSERT_EQ(breakers_.state(seeded_.channel_id), resilience::BreakerState::Open);
  ASSERT_TRUE(switchChannel(store_, breakers_, seeded_.organization_id, seeded_.channel_id, false));
  auto switched =
      switchChannel(store_, breakers_, seeded_.organization_id, seeded_.channel_id, true);
  ASSERT_TRUE(switched.ok());
  EXPECT_EQ(switched->status, "connected");
  EXPECT_EQ(breakers_.state(seeded_.channel_id), resilience::BreakerState::Closed);
}

TEST_F(ChannelSwitchTest, AnotherOrganizationsInstanceIsNotFoundAndUntouched) {
  const std::string other = testing::addOrganization(*seeded_.store, "Other clinic");
  auto switched = switchChannel(store_, breakers_, other, seeded_.channel_id, false);
  ASSERT_FALSE(switched.ok());
  EXPECT_EQ(switched.error().category, ErrorCategory::NotFound);
  EXPECT_EQ(switched.error().code, "not_found");
  EXPECT_EQ(status(), "connected");
  EXPECT_EQ(store_.calls("setChannelStatus"), 0);
}

TEST_F(ChannelSwitchTest, AFailedWriteIsTheStoresErrorAndKeepsTheBreaker) {
  breakers_.forChannel(seeded_.channel_id).onFailure("timeout");
  store_.crash();
  auto switched =
      switchChannel(store_, breakers_, seeded_.organization_id, seeded_.channel_id, true);
  ASSERT_FALSE(switched.ok());
  EXPECT_EQ(switched.error().category, ErrorCategory::Unavailable);
  EXPECT_EQ(breakers_.state(seeded_.channel_id), resilience::BreakerState::Open)
      << "not reset for a change that was not stored";
}

TEST_F(ChannelSwitchTest, AFailedReReadIsInternal) {
  store_.failNth("findChannelInstance", 2);
  auto switched =
      switchChannel(store_, breakers_, seeded_.organization_id, seeded_.channel_id, false);
  ASSERT_FALSE(switched.ok());
  EXPECT_EQ(switched.error().category, ErrorCategory::Internal);
  EXPECT_EQ(status(), "inactive") << "the switch itself was stored";
}

}  // namespace
}  // namespace mensajero::delivery
