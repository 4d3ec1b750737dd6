// Health answers within its budget whatever its checks do (issue 8 item 5).
#include <chrono>
#include <future>
#include <mutex>

#include <gtest/gtest.h>

#include "monitoring/health.h"

namespace mensajero::monitoring {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A check that answers only when the test releases it.
class Gate {
 public:
  void release() {
    std::call_once(once_, [this] { released_.set_value(); });
  }
  void wait() { opened_.wait(); }

 private:
  std::once_flag once_;
  std::promise<void> released_;
  std::shared_future<void> opened_ = released_.get_future().share();
};

// Declared after the HealthService: releases the gate even when an assertion returns early,
// so the service's destructor never waits on a check that cannot finish.
class ReleaseAtEnd {
 public:
  explicit ReleaseAtEnd(Gate& gate) : gate_(gate) {}
  ~ReleaseAtEnd() { gate_.release(); }
  ReleaseAtEnd(const ReleaseAtEnd&) = delete;
  ReleaseAtEnd& operator=(const ReleaseAtEnd&) = delete;

 private:
  Gate& gate_;
};

TEST(HealthBudgetTest, ACheckThatDoesNotAnswerWithinTheBudgetIsReportedDegraded) {
  resilience::ManualClock clock;
  Gate gate;
  HealthService health(clock, 100ms);
  const ReleaseAtEnd release_at_end(gate);
  health.addCheck("database", true, 0, [] { return HealthService::CheckResult{}; });
  health.addCheck("whatsapp_api", true, 30'000, [&gate] {
    gate.wait();
    return HealthService::CheckResult{HealthState::Healthy, "1 channel(s) reachable", {}};
  });
  const auto started = Clock::now();
  const HealthReport report = health.run();
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(report.state, HealthState::Degraded);
  ASSERT_EQ(report.services.size(), 2U);
  EXPECT_EQ(report.services[0].state, HealthState::Healthy);
  EXPECT_EQ(report.services[1].state, HealthState::Degraded);
  EXPECT_EQ(report.services[1].details, "no answer within 100 ms");

  gate.release();
  // Once it has answered, its (cached) result is reported.
  HealthReport later;
  for (int i = 0; i < 50 && later.services.size() < 2; ++i) {
    later = health.run();
    if (later.services[1].state == HealthState::Degraded) later.services.clear();
  }
  ASSERT_EQ(later.services.size(), 2U);
  EXPECT_EQ(later.state, HealthState::Healthy);
  EXPECT_EQ(later.services[1].details, "1 channel(s) reachable");
}

TEST(HealthBudgetTest, ARefreshStillRunningReportsThePreviousResult) {
  resilience::ManualClock clock;
  std::mutex mutex;
  int calls = 0;
  Gate gate;
  HealthService health(clock, 100ms);
  const ReleaseAtEnd release_at_end(gate);
  health.addCheck("whatsapp_api", false, 30'000, [&]() -> HealthService::CheckResult {
    int call = 0;
    {
      std::lock_guard lock(mutex);
      call = ++calls;
    }
    if (call == 2) gate.wait();  // the refresh hangs
    return {HealthState::Unhealthy, "first", {}};
  });
  EXPECT_EQ(health.run().services[0].details, "first");
  clock.advance(30s);
  const HealthReport refreshing = health.run();
  EXPECT_EQ(refreshing.services[0].details, "first");
  EXPECT_EQ(refreshing.services[0].state, HealthState::Unhealthy);
  EXPECT_EQ(refreshing.state, HealthState::Degraded);  // not critical
  gate.release();
}

TEST(HealthBudgetTest, AnUncachedCheckHangingNowIsNotReportedWithItsPreviousResult) {
  resilience::ManualClock clock;
  std::mutex mutex;
  int calls = 0;
  Gate gate;
  HealthService health(clock, 100ms);
  const ReleaseAtEnd release_at_end(gate);
  health.addCheck("database", true, 0, [&]() -> HealthService::CheckResult {
    int call = 0;
    {
      std::lock_guard lock(mutex);
      call = ++calls;
    }
    if (call == 2) gate.wait();
    return {};
  });
  EXPECT_EQ(health.run().state, HealthState::Healthy);
  const HealthReport hanging = health.run();
  EXPECT_EQ(hanging.services[0].state, HealthState::Degraded);
  EXPECT_EQ(hanging.services[0].details, "no answer within 100 ms");
}

TEST(HealthBudgetTest, RunAsyncAnswersFromItsOwnThreadWithinTheBudget) {
  resilience::ManualClock clock;
  Gate gate;
  HealthService health(clock, 100ms);
  const ReleaseAtEnd release_at_end(gate);
  health.addCheck("slow", false, 0, [&gate] {
    gate.wait();
    return HealthService::CheckResult{};
  });
  std::promise<HealthReport> answered;
  const auto started = Clock::now();
  health.runAsync([&answered](const HealthReport& report) { answered.set_value(report); });
  auto future = answered.get_future();
  ASSERT_EQ(future.wait_for(5s), std::future_status::ready);
  EXPECT_LT(Clock::now() - started, 1s);
  EXPECT_EQ(future.get().services[0].state, HealthState::Degraded);
  gate.release();
}

TEST(HealthBudgetTest, ScopedDetailsTravelWithTheirOrganization) {
  resilience::ManualClock clock;
  HealthService health(clock);
  health.addCheck("whatsapp_api", false, 0, [] {
    return HealthService::CheckResult{
        HealthState::Degraded, "1 of 2 channel(s) unreachable", {{"org-a", "channel c1: down"}}};
  });
  const HealthReport report = health.run();
  ASSERT_EQ(report.services[0].scoped.size(), 1U);
  EXPECT_EQ(report.services[0].scoped[0].organization_id, "org-a");
  EXPECT_EQ(report.services[0].details, "1 of 2 channel(s) unreachable");
}

}  // namespace
}  // namespace mensajero::monitoring
