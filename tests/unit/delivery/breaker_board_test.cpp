// BreakerBoard on a real SQLite store: an emergency shutdown marks the channel instance
// 'error', and a shut-down breaker comes back when the database says the channel was
// re-enabled (by an operator, through this or another gateway instance).
#include "delivery/breaker_board.h"

#include <gtest/gtest.h>

#include "resilience/clock.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::delivery {
namespace {

using resilience::BreakerState;

class BreakerBoardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.url = "sqlite:" + dir_.file("store.db");
    auto opened = storage::openStore(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->migrate().ok());
    storage::OrganizationRecord clinic;
    clinic.name = "Clinic";
    auto organization = store_->createOrganization(clinic);
    ASSERT_TRUE(organization.ok());
    storage::ChannelInstanceRecord channel;
    channel.organization_id = organization->id;
    auto stored = store_->upsertChannelInstance(channel);
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    channel_id_ = stored->id;
    board_ = std::make_unique<BreakerBoard>(*store_, clock_, config());
  }

  static resilience::CircuitBreakerConfig config() {
    resilience::CircuitBreakerConfig config;
    config.failure_threshold = 1;
    config.emergency_shutdown_threshold = 2;
    return config;
  }

  std::string channelStatus() {
    auto channel = store_->findChannelInstance(channel_id_);
    return channel.ok() && *channel ? (*channel)->status : "";
  }

  void shutDown() {
    resilience::CircuitBreaker& breaker = board_->forChannel(channel_id_);
    breaker.onFailure("timeout");
    clock_.advance(config().recovery_timeout);
    ASSERT_TRUE(breaker.tryAcquire());  // the half-open trial
    breaker.onFailure("timeout");
    ASSERT_EQ(board_->state(channel_id_), BreakerState::Shutdown);
  }

  testing::TempDir dir_;
  resilience::ManualClock clock_;
  storage::StorePtr store_;
  std::string channel_id_;
  std::unique_ptr<BreakerBoard> board_;
};

TEST_F(BreakerBoardTest, EmergencyShutdownMarksTheChannelInstanceError) {
  shutDown();
  EXPECT_EQ(channelStatus(), "error");
  EXPECT_FALSE(board_->forChannel(channel_id_).tryAcquire());
}

TEST_F(BreakerBoardTest, AShutDownBreakerStaysDownUntilTheChannelIsConnectedAgain) {
  shutDown();
  EXPECT_FALSE(board_->resetIfReenabled(channel_id_));
  EXPECT_EQ(board_->state(channel_id_), BreakerState::Shutdown);

  // What POST /api/v2/channels/{id}/enable on another gateway instance writes.
  ASSERT_TRUE(store_->setChannelStatus(channel_id_, "connected", std::nullopt).ok());
  EXPECT_TRUE(board_->resetIfReenabled(channel_id_));
  EXPECT_EQ(board_->state(channel_id_), BreakerState::Closed);
  EXPECT_TRUE(board_->forChannel(channel_id_).tryAcquire());
}

TEST_F(BreakerBoardTest, OnlyAShutDownBreakerIsReset) {
  board_->forChannel(channel_id_).onFailure("timeout");
  ASSERT_EQ(board_->state(channel_id_), BreakerState::Open);
  EXPECT_FALSE(board_->resetIfReenabled(channel_id_));  // 'connected', but merely open
  EXPECT_EQ(board_->state(channel_id_), BreakerState::Open);
}

}  // namespace
}  // namespace mensajero::delivery
