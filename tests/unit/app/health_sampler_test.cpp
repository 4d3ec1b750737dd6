// The health sampler (issue 12 point 3) with a manual clock: the rows of one sample, pruning
// past retention, and a failing store that is logged while sampling goes on.
#include "app/health_sampler.h"

#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/eventually.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;
using testing::FaultInjectionStore;

constexpr std::int64_t kDayMs = 86'400'000;

class HealthSamplerTest : public ::testing::Test {
 protected:
  HealthSamplerTest()
      : seeded_(testing::openSeededStore(dir_)),
        store_(*seeded_.store),
        health_(clock_),
        requests_(clock_) {
    health_.addCheck("database", true, 0, [] { return HealthService::CheckResult{}; });
    health_.addCheck("whatsapp_api", false, 0, [] {
      return HealthService::CheckResult{HealthState::Degraded, "1 of 2 reachable", {}};
    });
  }

  HealthSampler sampler(std::chrono::seconds interval = std::chrono::seconds(60)) {
    return HealthSampler(store_, health_, requests_, clock_, {"gw-test", interval, 30});
  }
  std::vector<storage::HealthSampleRecord> stored() {
    auto listed = seeded_.store->listHealthSamples({0, clock_.now() + kDayMs, {}, {}, 1000});
    EXPECT_TRUE(listed.ok());
    return listed ? *listed : std::vector<storage::HealthSampleRecord>{};
  }

  resilience::ManualClock clock_;
  testing::TempDir dir_;
  testing::SeededStore seeded_;
  FaultInjectionStore store_;
  HealthService health_;
  monitoring::RequestMetrics requests_;
};

TEST_F(HealthSamplerTest, OneSampleHasEachServicesStatusAndResponseTimeAndTheRequestMetrics) {
  requests_.record(200, 2'000);
  requests_.record(503, 4'000);
  auto sampler = this->sampler();
  ASSERT_EQ(sampler.sampleNow().value(), 7);
  const auto rows = stored();
  ASSERT_EQ(rows.size(), 7u);
  std::map<std::pair<std::string, std::string>, double> values;
  for (const auto& row : rows) {
    EXPECT_EQ(row.timestamp, clock_.now());
    EXPECT_EQ(nlohmann::json::parse(row.metadata_json),
              nlohmann::json({{"instance_id", "gw-test"}}));
    values[{row.service_name, row.metric_type}] = row.metric_value;
  }
  EXPECT_EQ((values[{"database", "status"}]), 0);
  EXPECT_EQ((values[{"whatsapp_api", "status"}]), 1);
  EXPECT_TRUE(values.count({"whatsapp_api", "response_time"}));
  EXPECT_EQ((values[{"gateway", "throughput"}]), 2);
  EXPECT_DOUBLE_EQ((values[{"gateway", "error_rate"}]), 0.5);
  EXPECT_DOUBLE_EQ((values[{"gateway", "response_time"}]), 3);
}

TEST_F(HealthSamplerTest, PruningDeletesOnlySamplesOlderThanTheRetention) {
  auto sampler = this->sampler();
  ASSERT_TRUE(sampler.sampleNow());
  const UnixMillis first = clock_.now();
  clock_.advance(std::chrono::milliseconds(29 * kDayMs));
  ASSERT_TRUE(sampler.sampleNow());
  EXPECT_EQ(sampler.pruneNow().value(), 0);  // 29 days old: kept
  clock_.advance(std::chrono::milliseconds(2 * kDayMs));
  EXPECT_EQ(sampler.pruneNow().value(), 7);  // 31 days old: gone
  const auto rows = stored();
  ASSERT_EQ(rows.size(), 7u);
  for (const auto& row : rows) EXPECT_EQ(row.timestamp, first + 29 * kDayMs);
}

TEST_F(HealthSamplerTest, AFailedStoreIsAnErrorAndTheNextSampleIsStored) {
  auto sampler = this->sampler();
  store_.failNext("insertHealthSamples");
  EXPECT_FALSE(sampler.sampleNow());
  EXPECT_TRUE(stored().empty());
  clock_.advance(std::chrono::seconds(60));
  EXPECT_EQ(sampler.sampleNow().value(), 7);
  EXPECT_EQ(stored().size(), 7u);
}

// The background loop logs a failed round and goes on: the round after it is stored.
TEST_F(HealthSamplerTest, TheBackgroundLoopGoesOnAfterAFailingStore) {
  store_.failNext("insertHealthSamples");
  store_.failNext("pruneHealthSamplesBefore");
  auto sampler = this->sampler(std::chrono::seconds(1));
  sampler.start();
  EXPECT_TRUE(testing::eventually([&] { return !stored().empty(); }));
  sampler.stop();
  EXPECT_GE(store_.failures("insertHealthSamples"), 1);
  EXPECT_GE(store_.calls("insertHealthSamples"), 2);
}

}  // namespace
}  // namespace mensajero::app
