#include "monitoring/metrics_registry.h"

#include <limits>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "monitoring/exposition.h"

namespace mensajero::monitoring {
namespace {

TEST(MetricsRegistryTest, CounterCountsPerLabelSet) {
  MetricsRegistry registry;
  auto& family = registry.counter("t_requests_total", "help", {"route"});
  family.with({"/a"}).inc();
  family.with({"/a"}).inc(2);
  family.with({"/b"}).inc();
  EXPECT_EQ(family.with({"/a"}).value(), 3);
  EXPECT_EQ(family.with({"/b"}).value(), 1);
  EXPECT_EQ(family.seriesCount(), 2u);
}

TEST(MetricsRegistryTest, CounterIgnoresNegativeAmounts) {
  MetricsRegistry registry;
  Counter& counter = registry.counter("t_total", "help").with({});
  counter.inc(-5);
  EXPECT_EQ(counter.value(), 0);
}

TEST(MetricsRegistryTest, SeriesBeyondTheBoundFoldIntoOther) {
  MetricsRegistry registry;
  auto& family = registry.counter("t_paths_total", "help", {"path", "method"}, 10);
  for (int i = 0; i < 1000; ++i) family.with({"/hostile/" + std::to_string(i), "GET"}).inc();
  EXPECT_EQ(family.seriesCount(), 10u);
  EXPECT_EQ(family.with({"other", "other"}).value(), 1000 - 9);
  // A label set already known keeps its own series.
  family.with({"/hostile/0", "GET"}).inc();
  EXPECT_EQ(family.with({"/hostile/0", "GET"}).value(), 2);
}

TEST(MetricsRegistryTest, LongLabelValuesAreCut) {
  MetricsRegistry registry;
  auto& family = registry.counter("t_long_total", "help", {"v"});
  family.with({std::string(10'000, 'x')}).inc();
  const auto families = registry.collect();
  ASSERT_EQ(families.size(), 1u);
  EXPECT_EQ(families[0].samples[0].labels[0].size(), kMaxLabelValueBytes);
}

TEST(MetricsRegistryTest, SameNameAnotherShapeIsRefused) {
  MetricsRegistry registry;
  auto& first = registry.counter("t_total", "help", {"a"});
  EXPECT_EQ(&registry.counter("t_total", "help", {"a"}), &first);
  EXPECT_THROW(registry.gauge("t_total", "help", {"a"}), std::logic_error);
  EXPECT_THROW(registry.counter("t_total", "help", {"b"}), std::logic_error);
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithInf) {
  MetricsRegistry registry;
  auto& family = registry.histogram("t_seconds", "help", {}, {0.1, 1});
  Histogram& h = family.with({});
  h.observe(0.05);
  h.observe(0.1);  // "le" is inclusive
  h.observe(0.5);
  h.observe(7);
  const auto snapshot = h.snapshot();
  EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{2, 3, 4}));
  EXPECT_DOUBLE_EQ(snapshot.sum, 7.65);
}

TEST(MetricsRegistryTest, ConcurrentIncrementsAreAllCounted) {
  MetricsRegistry registry;
  auto& family = registry.counter("t_total", "help", {"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&family, t] {
      for (int i = 0; i < 10'000; ++i) family.with({std::to_string(t % 2)}).inc();
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(family.with({"0"}).value() + family.with({"1"}).value(), 40'000);
}

TEST(MetricsRegistryTest, CollectorRunsAtScrapeAndStopsWithItsHandle) {
  MetricsRegistry registry;
  int runs = 0;
  {
    CollectorHandle handle = registry.addCollector([&runs] {
      ++runs;
      FamilySnapshot family{"t_pulled", "help", MetricType::Gauge, {}, {}};
      family.samples.push_back({{}, 42, {}});
      return std::vector<FamilySnapshot>{family};
    });
    const auto families = registry.collect();
    ASSERT_EQ(families.size(), 1u);
    EXPECT_EQ(families[0].samples[0].value, 42);
  }
  EXPECT_TRUE(registry.collect().empty());
  EXPECT_EQ(runs, 1);
}

TEST(MetricsRegistryTest, CollectorSamplesAreBounded) {
  MetricsRegistry registry;
  CollectorHandle handle = registry.addCollector([] {
    FamilySnapshot family{"t_many", "help", MetricType::Gauge, {"id"}, {}};
    for (int i = 0; i < 5000; ++i) family.samples.push_back({{std::to_string(i)}, 1, {}});
    return std::vector<FamilySnapshot>{family};
  });
  EXPECT_EQ(registry.collect()[0].samples.size(), kDefaultMaxSeries);
}

TEST(ExpositionTest, EscapesLabelValues) {
  EXPECT_EQ(escapeLabelValue(R"(a\b"c)"
                             "\nd"),
            R"(a\\b\"c\nd)");
}

TEST(ExpositionTest, EscapesHelpButNotQuotes) {
  EXPECT_EQ(escapeHelp("x\\y\n\"z\""), "x\\\\y\\n\"z\"");
}

TEST(ExpositionTest, FormatsSpecialValues) {
  EXPECT_EQ(formatValue(1), "1");
  EXPECT_EQ(formatValue(0.005), "0.005");
  EXPECT_EQ(formatValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(formatValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(formatValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(ExpositionTest, RendersCounterWithHelpTypeAndEscapedLabels) {
  MetricsRegistry registry;
  registry.counter("t_total", "Things\ncounted.", {"path"}).with({"/a\"b"}).inc(3);
  EXPECT_EQ(renderText(registry.collect()),
            "# HELP t_total Things\\ncounted.\n"
            "# TYPE t_total counter\n"
            "t_total{path=\"/a\\\"b\"} 3\n");
}

TEST(ExpositionTest, RendersHistogramBucketsSumAndCount) {
  MetricsRegistry registry;
  auto& h = registry.histogram("t_seconds", "Latency.", {"route"}, {0.5, 1}).with({"/x"});
  h.observe(0.25);
  h.observe(2);
  EXPECT_EQ(renderText(registry.collect()),
            "# HELP t_seconds Latency.\n"
            "# TYPE t_seconds histogram\n"
            "t_seconds_bucket{route=\"/x\",le=\"0.5\"} 1\n"
            "t_seconds_bucket{route=\"/x\",le=\"1\"} 1\n"
            "t_seconds_bucket{route=\"/x\",le=\"+Inf\"} 2\n"
            "t_seconds_sum{route=\"/x\"} 2.25\n"
            "t_seconds_count{route=\"/x\"} 2\n");
}

TEST(ExpositionTest, FamilyWithoutSeriesHasOnlyHelpAndType) {
  MetricsRegistry registry;
  registry.gauge("t_depth", "Depth.", {"queue"});
  EXPECT_EQ(renderText(registry.collect()), "# HELP t_depth Depth.\n# TYPE t_depth gauge\n");
}

}  // namespace
}  // namespace mensajero::monitoring
