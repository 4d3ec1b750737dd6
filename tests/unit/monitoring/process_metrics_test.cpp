#include "monitoring/process_metrics.h"

#include <gtest/gtest.h>

namespace mensajero::monitoring {
namespace {

TEST(ProcessMetricsTest, ParsesProcStatWithSpacesInTheCommand) {
  // Fields from proc(5): utime 14 = 250, stime 15 = 150, threads 20 = 7, starttime 22 = 1000,
  // vsize 23 = 4096000, rss 24 = 300 pages.
  const std::string stat =
      "1234 (odd (name) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 7 0 1000 "
      "4096000 300 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
  const auto stats = parseProcStat(stat, 100, 4096, 1'700'000'000);
  ASSERT_TRUE(stats);
  EXPECT_DOUBLE_EQ(stats->cpu_seconds, 4.0);
  EXPECT_DOUBLE_EQ(stats->threads, 7);
  EXPECT_DOUBLE_EQ(stats->start_time_seconds, 1'700'000'010.0);
  EXPECT_DOUBLE_EQ(stats->virtual_bytes, 4096000);
  EXPECT_DOUBLE_EQ(stats->resident_bytes, 300.0 * 4096);
}

TEST(ProcessMetricsTest, RefusesTextOfAnotherShape) {
  EXPECT_FALSE(parseProcStat("garbage", 100, 4096, 0));
  EXPECT_FALSE(parseProcStat("1 (x) S 1 2 3", 100, 4096, 0));
}

TEST(ProcessMetricsTest, ReadsThisProcess) {
  const ProcessStats stats = readProcessStats();
  EXPECT_GT(stats.resident_bytes, 0);
  EXPECT_GE(stats.threads, 1);
  EXPECT_GE(stats.open_fds, 3);  // stdin, stdout, stderr at least
  EXPECT_GT(stats.start_time_seconds, 1'600'000'000);
}

}  // namespace
}  // namespace mensajero::monitoring
