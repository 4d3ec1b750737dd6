// Issue 8 items 8 and 10 in BreakerBoard, on a real SQLite store: a channel instance's
// provider_config.circuit_breaker overrides the global settings for its breaker, and the board
// says when a breaker starts admitting calls again.
#include <atomic>
#include <limits>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "delivery/breaker_board.h"
#include "delivery/breaker_settings.h"
#include "resilience/clock.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::delivery {
namespace {

using resilience::BreakerState;
using std::chrono::milliseconds;

class BreakerBoardSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.url = "sqlite:" + dir_.file("store.db");
    auto opened = storage::openStore(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    ASSERT_TRUE(store_->migrate().ok());
    board_ = std::make_unique<BreakerBoard>(*store_, clock_, resilience::CircuitBreakerConfig{});
  }

  std::string channelWith(const std::string& provider_config) {
    storage::OrganizationRecord clinic;
    clinic.name = "Clinic " + std::to_string(++organizations_);
    auto organization = store_->createOrganization(clinic);
    EXPECT_TRUE(organization.ok());
    storage::ChannelInstanceRecord channel;
    channel.organization_id = organization->id;
    channel.provider_config = provider_config;
    auto stored = store_->upsertChannelInstance(channel);
    EXPECT_TRUE(stored.ok());
    return stored->id;
  }

  testing::TempDir dir_;
  resilience::ManualClock clock_;
  storage::StorePtr store_;
  std::unique_ptr<BreakerBoard> board_;
  int organizations_ = 0;
};

TEST_F(BreakerBoardSettingsTest, AChannelsOverrideReachesItsBreakerAndOnlyIts) {
  const std::string strict = channelWith(
      R"({"phone_number_id":"1","circuit_breaker":{"failure_threshold":2,"recovery_timeout_ms":1000}})");
  const std::string plain = channelWith(R"({"phone_number_id":"2"})");
  for (const std::string& id : {strict, plain}) {
    board_->forChannel(id).onFailure("timeout");
    board_->forChannel(id).onFailure("timeout");
  }
  EXPECT_EQ(board_->state(strict), BreakerState::Open);
  EXPECT_EQ(board_->state(plain), BreakerState::Closed);  // the spec's 5
  clock_.advance(milliseconds(1000));
  EXPECT_EQ(board_->admissibleCalls(strict), 3);  // recovered after its own 1 s, not 30 s
}

TEST_F(BreakerBoardSettingsTest, AnInvalidStoredOverrideFallsBackToTheGlobalSettings) {
  const std::string id = channelWith(R"({"circuit_breaker":{"failure_threshold":0}})");
  for (int i = 0; i < 4; ++i) board_->forChannel(id).onFailure("timeout");
  EXPECT_EQ(board_->state(id), BreakerState::Closed);
  board_->forChannel(id).onFailure("timeout");
  EXPECT_EQ(board_->state(id), BreakerState::Open);
}

TEST_F(BreakerBoardSettingsTest, TheBoardSaysWhenABreakerAdmitsCallsAgain) {
  std::atomic<int> signals{0};
  board_->setOnAdmitting([&] { ++signals; });
  const std::string id = channelWith("{}");
  resilience::CircuitBreaker& breaker = board_->forChannel(id);
  for (int i = 0; i < 5; ++i) breaker.onFailure("timeout");
  ASSERT_EQ(breaker.state(), BreakerState::Open);
  EXPECT_EQ(signals.load(), 0);
  EXPECT_EQ(board_->admissibleCalls(id), 0);
  clock_.advance(milliseconds(30'000));
  ASSERT_TRUE(breaker.tryAcquire());  // half-open
  EXPECT_EQ(signals.load(), 1);
  ASSERT_TRUE(breaker.tryAcquire());
  ASSERT_TRUE(breaker.tryAcquire());
  for (int i = 0; i < 3; ++i) breaker.onSuccess();
  ASSERT_EQ(breaker.state(), BreakerState::Closed);
  EXPECT_EQ(signals.load(), 2);
  EXPECT_EQ(board_->admissibleCalls(id), std::numeric_limits<int>::max());
}

TEST(BreakerSettingsTest, OverridesApplyOverTheBaseAndBadOnesAreInvalid) {
  const resilience::CircuitBreakerConfig base;
  auto merged = breakerSettingsFromJson(
      base, nlohmann::json::parse(R"({"circuit_breaker":{"half_open_max_calls":1,
      "monitoring_window_ms":5000,"emergency_shutdown_threshold":9}})"));
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(merged->half_open_max_calls, 1);
  EXPECT_EQ(merged->monitoring_window, milliseconds(5000));
  EXPECT_EQ(merged->emergency_shutdown_threshold, 9);
  EXPECT_EQ(merged->failure_threshold, base.failure_threshold);
  EXPECT_EQ(merged->recovery_timeout, base.recovery_timeout);
  EXPECT_TRUE(breakerSettingsFor(base, std::string_view("{}")).ok());
  for (const char* bad :
       {R"({"circuit_breaker":{"failure_threshold":-1}})",
        R"({"circuit_breaker":{"failure_threshold":1.5}})",
        R"({"circuit_breaker":{"recovery_timeout_ms":3000000000}})",
        R"({"circuit_breaker":{"unknown":1}})", R"({"circuit_breaker":3})",
        R"({"circuit_breaker":{"emergency_shutdown_threshold":4}})", "not json"}) {
    auto refused = breakerSettingsFor(base, std::string_view(bad));
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().category, ErrorCategory::Invalid) << bad;
  }
}

}  // namespace
}  // namespace mensajero::delivery
