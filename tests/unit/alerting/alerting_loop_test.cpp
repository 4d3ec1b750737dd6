// AlertingLoop on a real SQLite store with a manual clock: two instances on one database
// send each notification once (the lease), the one taking over after a failover neither
// triggers again nor forgets to resolve, and a store that fails sends nothing.
#include "app/alerting_loop.h"

#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "storage/store_factory.h"
#include "support/fault_injection_store.h"
#include "support/temp_dir.h"

namespace mensajero::app {
namespace {

using namespace std::chrono_literals;
using monitoring::AlertMetric;
using Kind = monitoring::AlertNotification::Kind;

// The measured values, set by the test (the seam app's adapter fills in production).
class SetInputs final : public monitoring::AlertInputs {
 public:
  std::optional<double> read(AlertMetric metric, std::int64_t) override {
    auto found = values.find(metric);
    return found == values.end() ? std::nullopt : std::optional<double>(found->second);
  }
  std::map<AlertMetric, double> values;
};

// What was delivered, shared by every notifier of one test (all instances).
struct Deliveries {
  std::mutex mutex;
  std::vector<std::pair<std::string, monitoring::AlertNotification>> sent;  // channel, what
  std::vector<monitoring::AlertNotification> on(const std::string& channel) {
    std::lock_guard lock(mutex);
    std::vector<monitoring::AlertNotification> found;
    for (const auto& [name, notification] : sent) {
      if (name == channel) found.push_back(notification);
    }
    return found;
  }
};

class RecordingNotifier final : public monitoring::AlertNotifier {
 public:
  RecordingNotifier(std::string channel, Deliveries& deliveries)
      : channel_(std::move(channel)), deliveries_(deliveries) {}
  std::string_view channel() const override { return channel_; }
  Status deliver(const monitoring::AlertNotification& notification) override {
    std::lock_guard lock(deliveries_.mutex);
    deliveries_.sent.emplace_back(channel_, notification);
    return {};
  }

 private:
  std::string channel_;
  Deliveries& deliveries_;
};

class AlertingLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::StoreOptions options;
    options.url = "sqlite:" + dir_.file("store.db");
    auto opened = storage::openStore(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    real_ = std::move(*opened);
    ASSERT_TRUE(real_->migrate().ok());
    store_ = std::make_unique<testing::FaultInjectionStore>(*real_);
  }

  // An instance with the spec's rules and a Slack notifier only (the other channels are
  // configured nowhere, as in the sandbox).
  std::unique_ptr<AlertingLoop> instance(const std::string& owner) {
    AlertNotifiers notifiers;
    notifiers.push_back(std::make_unique<RecordingNotifier>("slack", deliveries_));
    return std::make_unique<AlertingLoop>(*store_, clock_, inputs_, monitoring::defaultAlertRules(),
                                          std::move(notifiers),
                                          AlertingLoop::Options{owner, 15s, 30s, 60min});
  }

  static void run(AlertingLoop& loop) {
    Status ran = loop.runOnce();
    ASSERT_TRUE(ran.ok()) << ran.error().message;
  }

  testing::TempDir dir_;
  resilience::ManualClock clock_;
  storage::StorePtr real_;
  std::unique_ptr<testing::FaultInjectionStore> store_;
  SetInputs inputs_;
  Deliveries deliveries_;
};

TEST_F(AlertingLoopTest, TwoInstancesOnOneDatabaseNotifyOnce) {
  auto a = instance("gw-a");
  auto b = instance("gw-b");
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerOpen;
  for (int i = 0; i < 8; ++i) {
    run(*a);
    run(*b);
    clock_.advance(15s);
  }
  EXPECT_TRUE(a->holdsLease());
  EXPECT_FALSE(b->holdsLease());
  auto sent = deliveries_.on("slack");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].kind, Kind::Trigger);
  EXPECT_EQ(sent[0].rule_name, "Circuit Breaker Opened");
  EXPECT_EQ(sent[0].source, "gw-a");
  EXPECT_EQ(sent[0].metric, "circuit_breaker_state");
}

TEST_F(AlertingLoopTest, TheInstanceTakingOverNeitherTriggersAgainNorForgetsToResolve) {
  auto a = instance("gw-a");
  auto b = instance("gw-b");
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerOpen;
  run(*a);
  run(*b);
  ASSERT_EQ(deliveries_.on("slack").size(), 1u);
  const std::string key = deliveries_.on("slack")[0].dedup_key;
  // gw-a dies: b waits for its lease to expire, then takes over with the stored state.
  clock_.advance(15s);
  run(*b);
  EXPECT_FALSE(b->holdsLease());
  clock_.advance(16s);
  run(*b);
  EXPECT_TRUE(b->holdsLease());
  EXPECT_EQ(deliveries_.on("slack").size(), 1u);  // no second trigger
  // The provider recovers: one resolve, from b, with a's key.
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerClosed;
  clock_.advance(15s);
  run(*b);
  clock_.advance(15s);
  run(*b);
  auto sent = deliveries_.on("slack");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].kind, Kind::Resolve);
  EXPECT_EQ(sent[1].dedup_key, key);
  EXPECT_EQ(sent[1].source, "gw-b");
}

TEST_F(AlertingLoopTest, PendingTimeCarriesOverAFailover) {
  auto a = instance("gw-a");
  auto b = instance("gw-b");
  inputs_.values[AlertMetric::ErrorRate] = 0.5;  // "High Error Rate": > 5% for 5 minutes
  run(*a);
  const UnixMillis since = clock_.now();
  clock_.advance(2min);
  run(*a);
  clock_.advance(31s);  // a is gone; b takes over
  run(*b);
  ASSERT_TRUE(b->holdsLease());
  EXPECT_TRUE(deliveries_.on("slack").empty());
  clock_.set(since + 5 * 60'000 - 1);
  run(*b);
  EXPECT_TRUE(deliveries_.on("slack").empty());
  clock_.set(since + 5 * 60'000);
  run(*b);
  ASSERT_EQ(deliveries_.on("slack").size(), 1u);
  EXPECT_EQ(deliveries_.on("slack")[0].since, since);
}

TEST_F(AlertingLoopTest, AStoppedInstanceGivesTheLeaseUpAtOnce) {
  auto a = instance("gw-a");
  auto b = instance("gw-b");
  run(*a);
  ASSERT_TRUE(a->holdsLease());
  a->start();
  a->stop();
  EXPECT_FALSE(a->holdsLease());
  run(*b);  // well before a's lease would have expired
  EXPECT_TRUE(b->holdsLease());
}

TEST_F(AlertingLoopTest, AStoreThatFailsSendsNothing) {
  auto a = instance("gw-a");
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerOpen;
  store_->failFromNow("acquireAlertLease",
                      testing::FaultInjectionStore::injected(ErrorCategory::Unavailable));
  EXPECT_FALSE(a->runOnce().ok());
  EXPECT_FALSE(a->holdsLease());
  EXPECT_TRUE(deliveries_.on("slack").empty());
}

TEST_F(AlertingLoopTest, UnreadableStatesSendNothingUntilTheyAreRead) {
  auto a = instance("gw-a");
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerOpen;
  store_->failNth("listAlertStates", 1,
                  testing::FaultInjectionStore::injected(ErrorCategory::Unavailable));
  EXPECT_FALSE(a->runOnce().ok());
  EXPECT_TRUE(deliveries_.on("slack").empty());
  clock_.advance(15s);
  run(*a);
  EXPECT_EQ(deliveries_.on("slack").size(), 1u);
}

TEST_F(AlertingLoopTest, EachRuleGoesToItsOwnChannelsOnly) {
  AlertNotifiers notifiers;
  notifiers.push_back(std::make_unique<RecordingNotifier>("slack", deliveries_));
  notifiers.push_back(std::make_unique<RecordingNotifier>("pagerduty", deliveries_));
  AlertingLoop loop(*store_, clock_, inputs_, monitoring::defaultAlertRules(), std::move(notifiers),
                    AlertingLoop::Options{"gw-a", 15s, 30s, 0min});
  inputs_.values[AlertMetric::CircuitBreakerState] = monitoring::kBreakerOpen;  // slack, email
  inputs_.values[AlertMetric::ErrorRate] = 0.5;  // slack, email, pagerduty (after 5 minutes)
  run(loop);
  EXPECT_EQ(deliveries_.on("slack").size(), 1u);
  EXPECT_TRUE(deliveries_.on("pagerduty").empty());
  clock_.advance(5min);
  run(loop);
  ASSERT_EQ(deliveries_.on("pagerduty").size(), 1u);
  EXPECT_EQ(deliveries_.on("pagerduty")[0].rule_name, "High Error Rate");
  EXPECT_EQ(deliveries_.on("slack").size(), 2u);
}

}  // namespace
}  // namespace mensajero::app
