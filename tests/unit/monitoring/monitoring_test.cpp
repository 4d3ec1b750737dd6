#include <stdexcept>

#include <gtest/gtest.h>

#include "monitoring/health.h"
#include "monitoring/request_metrics.h"

namespace mensajero::monitoring {
namespace {

using namespace std::chrono_literals;

TEST(RequestMetricsTest, CountsTheLastMinuteOnly) {
  resilience::ManualClock clock;
  RequestMetrics metrics(clock);
  metrics.record(200, 1'000);
  metrics.record(500, 3'000);
  clock.advance(30s);
  metrics.record(200, 2'000);
  auto snapshot = metrics.snapshot();
  EXPECT_EQ(snapshot.requests_per_minute, 3);
  EXPECT_DOUBLE_EQ(snapshot.error_rate, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(snapshot.average_response_ms, 2.0);
  EXPECT_DOUBLE_EQ(snapshot.uptime_seconds, 30.0);

  clock.advance(31s);  // the first two fall out of the window
  snapshot = metrics.snapshot();
  EXPECT_EQ(snapshot.requests_per_minute, 1);
  EXPECT_DOUBLE_EQ(snapshot.error_rate, 0.0);
  EXPECT_EQ(snapshot.total_requests, 3);
}

TEST(HealthServiceTest, WorstCriticalCheckDecides) {
  resilience::ManualClock clock;
  HealthService health(clock);
  health.addCheck("database", true, 0, [] {
    return HealthService::CheckResult{HealthState::Unhealthy, "down", {}};
  });
  const auto report = health.run();
  EXPECT_EQ(report.state, HealthState::Unhealthy);
  ASSERT_EQ(report.services.size(), 1u);
  EXPECT_EQ(report.services[0].details, "down");
}

TEST(HealthServiceTest, NonCriticalFailureOnlyDegrades) {
  resilience::ManualClock clock;
  HealthService health(clock);
  health.addCheck("database", true, 0, [] { return HealthService::CheckResult{}; });
  health.addCheck("whatsapp_api", false, 0, [] {
    return HealthService::CheckResult{HealthState::Unhealthy, "timeout", {}};
  });
  EXPECT_EQ(health.run().state, HealthState::Degraded);
}

TEST(HealthServiceTest, CachesSlowChecksAndTurnsExceptionsIntoUnhealthy) {
  resilience::ManualClock clock;
  HealthService health(clock);
  int calls = 0;
  health.addCheck("provider", true, 30'000, [&calls]() -> HealthService::CheckResult {
    ++calls;
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(health.run().state, HealthState::Unhealthy);
  health.run();
  EXPECT_EQ(calls, 1);
  clock.advance(30s);
  health.run();
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace mensajero::monitoring
