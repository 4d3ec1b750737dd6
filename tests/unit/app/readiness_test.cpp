// GET /readyz's checks (issue 12 point 2) over a real SQLite store: ready, and which check
// fails when the database does not answer or a shutdown has begun.
#include "app/readiness.h"

#include <atomic>

#include <gtest/gtest.h>

#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::app {
namespace {

using monitoring::HealthState;

class ReadinessTest : public ::testing::Test {
 protected:
  ReadinessTest() : seeded_(testing::openSeededStore(dir_)), store_(*seeded_.store) {
    registerReadinessChecks(readiness_, store_, [this] { return draining_.load(); });
  }

  HealthState stateOf(const monitoring::HealthReport& report, const std::string& name) {
    for (const auto& check : report.services) {
      if (check.name == name) return check.state;
    }
    ADD_FAILURE() << "no check " << name;
    return HealthState::Unhealthy;
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  std::atomic<bool> draining_{false};
  monitoring::HealthService readiness_{clock_};
};

TEST_F(ReadinessTest, AMigratedReachableStoreThatIsNotDrainingIsReady) {
  const auto report = readiness_.run();
  EXPECT_EQ(report.state, HealthState::Healthy);
  ASSERT_EQ(report.services.size(), 3u);
  EXPECT_EQ(stateOf(report, "migrations"), HealthState::Healthy);
}

TEST_F(ReadinessTest, AnUnreachableDatabaseFailsTheDatabaseCheck) {
  store_.failFromNow("ping");
  const auto report = readiness_.run();
  EXPECT_EQ(report.state, HealthState::Unhealthy);
  EXPECT_EQ(stateOf(report, "database"), HealthState::Unhealthy);
  EXPECT_EQ(stateOf(report, "shutdown"), HealthState::Healthy);
}

TEST_F(ReadinessTest, AnUnreadableSchemaVersionFailsTheMigrationsCheck) {
  store_.failFromNow("schemaVersion");
  EXPECT_EQ(stateOf(readiness_.run(), "migrations"), HealthState::Unhealthy);
}

TEST_F(ReadinessTest, DrainingFailsTheShutdownCheck) {
  draining_ = true;
  const auto report = readiness_.run();
  EXPECT_EQ(report.state, HealthState::Unhealthy);
  EXPECT_EQ(stateOf(report, "shutdown"), HealthState::Unhealthy);
  EXPECT_EQ(stateOf(report, "database"), HealthState::Healthy);
}

}  // namespace
}  // namespace mensajero::app
