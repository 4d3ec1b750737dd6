// The Store contract for health samples (issue 12, system_health_metrics): a batch written
// whole or not at all, listed by an inclusive time range with optional service and metric
// filters in a stable order under a hard row cap, values kept to the spec's DECIMAL(10,4), and
// pruning by time; plus the schema version the binary migrates to.
#include <nlohmann/json.hpp>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

class HealthSamplesContractTest : public StoreContractTest {
 protected:
  static HealthSampleRecord sample(std::string service, std::string metric, double value,
                                   UnixMillis when) {
    return {std::move(service), std::move(metric), value, when, R"({"instance_id":"gw-1"})"};
  }
  std::vector<HealthSampleRecord> list(UnixMillis from, UnixMillis to,
                                       std::optional<std::string> service = {},
                                       std::optional<std::string> metric = {}, int limit = 100) {
    return must(
        store().listHealthSamples({from, to, std::move(service), std::move(metric), limit}));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, HealthSamplesContractTest,
                         ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(HealthSamplesContractTest, TheDatabaseIsAtTheLatestSchemaVersionAfterMigrate) {
  EXPECT_EQ(must(store().schemaVersion()), store().latestSchemaVersion());
  EXPECT_GE(store().latestSchemaVersion(), 11);
}

TEST_P(HealthSamplesContractTest, SamplesComeBackByTimeRangeOldestFirstWithTheirColumns) {
  must(store().insertHealthSamples({sample("database", "response_time", 1.25, at(10)),
                                    sample("database", "status", 0, at(10)),
                                    sample("gateway", "throughput", 42, at(5)),
                                    sample("gateway", "error_rate", 0.0125, at(20))}));
  const auto all = list(at(5), at(20));
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].service_name, "gateway");
  EXPECT_EQ(all[0].metric_type, "throughput");
  EXPECT_EQ(all[0].timestamp, at(5));
  EXPECT_DOUBLE_EQ(all[0].metric_value, 42);
  EXPECT_EQ(all[1].metric_type, "response_time");  // same time: by service, then metric
  EXPECT_DOUBLE_EQ(all[1].metric_value, 1.25);
  EXPECT_EQ(all[2].metric_type, "status");
  EXPECT_DOUBLE_EQ(all[3].metric_value, 0.0125);
  EXPECT_EQ(nlohmann::json::parse(all[3].metadata_json), nlohmann::json({{"instance_id", "gw-1"}}));
  // Both ends are inclusive; outside them nothing.
  EXPECT_EQ(list(at(10), at(10)).size(), 2u);
  EXPECT_TRUE(list(at(21), at(30)).empty());
}

TEST_P(HealthSamplesContractTest, ServiceAndMetricFiltersAndTheRowCapApply) {
  std::vector<HealthSampleRecord> batch;
  for (int i = 0; i < 5; ++i) {
    batch.push_back(sample("database", "status", 0, at(i)));
    batch.push_back(sample("whatsapp_api", "status", 1, at(i)));
    batch.push_back(sample("whatsapp_api", "response_time", 80, at(i)));
  }
  must(store().insertHealthSamples(batch));
  EXPECT_EQ(list(at(0), at(10), "whatsapp_api").size(), 10u);
  const auto statuses = list(at(0), at(10), "whatsapp_api", "status");
  ASSERT_EQ(statuses.size(), 5u);
  for (const auto& row : statuses) EXPECT_DOUBLE_EQ(row.metric_value, 1);
  EXPECT_EQ(list(at(0), at(10), {}, "response_time").size(), 5u);
  const auto capped = list(at(0), at(10), {}, {}, 4);
  ASSERT_EQ(capped.size(), 4u);
  EXPECT_EQ(capped.back().timestamp, at(1));  // the oldest rows first
  // A limit past the hard cap is clamped, not refused.
  EXPECT_EQ(list(at(0), at(10), {}, {}, kHealthSampleListLimit * 10).size(), 15u);
}

TEST_P(HealthSamplesContractTest, ValuesAreKeptToFourDecimalsWithinTheColumnsRange) {
  must(store().insertHealthSamples({sample("gateway", "response_time", 12.345678, at(1)),
                                    sample("gateway", "throughput", 5e9, at(2)),
                                    sample("gateway", "error_rate", -5e9, at(3))}));
  const auto rows = list(at(0), at(5));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_NEAR(rows[0].metric_value, 12.3457, 1e-9);
  EXPECT_NEAR(rows[1].metric_value, 999'999.9999, 1e-6);
  EXPECT_NEAR(rows[2].metric_value, -999'999.9999, 1e-6);
}

TEST_P(HealthSamplesContractTest, ABatchWithABadSampleIsRefusedWhole) {
  auto bad = sample("gateway", "throughput", 1, at(2));
  bad.metadata_json = "[1,2]";
  const Status refused =
      store().insertHealthSamples({sample("database", "status", 0, at(1)), std::move(bad)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_TRUE(list(at(0), at(5)).empty());
}

TEST_P(HealthSamplesContractTest, PruningDeletesOnlySamplesBeforeTheCutoff) {
  must(store().insertHealthSamples({sample("database", "status", 0, at(1)),
                                    sample("database", "status", 0, at(2)),
                                    sample("database", "status", 0, at(3))}));
  EXPECT_EQ(must(store().pruneHealthSamplesBefore(at(3))), 2);
  const auto left = list(at(0), at(5));
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].timestamp, at(3));
  EXPECT_EQ(must(store().pruneHealthSamplesBefore(at(3))), 0);
}

}  // namespace
}  // namespace mensajero::storage::contract
