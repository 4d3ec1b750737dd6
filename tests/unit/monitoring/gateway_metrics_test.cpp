#include "monitoring/gateway_metrics.h"

#include <gtest/gtest.h>

namespace mensajero::monitoring {
namespace {

TEST(GatewayMetricsTest, StatusClassesAreBounded) {
  EXPECT_EQ(statusClass(200), "2xx");
  EXPECT_EQ(statusClass(204), "2xx");
  EXPECT_EQ(statusClass(404), "4xx");
  EXPECT_EQ(statusClass(503), "5xx");
  EXPECT_EQ(statusClass(99), "other");
  EXPECT_EQ(statusClass(600), "other");
}

TEST(GatewayMetricsTest, InstanceLabelsReadUnknownUntilSet) {
  EXPECT_EQ(instanceLabels("gm-test-instance").provider, "unknown");
  setInstanceLabels("gm-test-instance", {"sms", "twilio"});
  const InstanceLabels labels = instanceLabels("gm-test-instance");
  EXPECT_EQ(labels.channel_type, "sms");
  EXPECT_EQ(labels.provider, "twilio");
}

TEST(GatewayMetricsTest, DbCallsCountLatencyAndErrors) {
  const DbCallMetrics metrics = dbCallMetrics("gm-test-backend", "read");
  const double errors = metrics.errors.value();
  const std::uint64_t calls = metrics.duration.snapshot().cumulative.back();
  recordDbCall(metrics, steadyMicros(), true);
  recordDbCall(metrics, steadyMicros(), false);
  EXPECT_EQ(metrics.duration.snapshot().cumulative.back(), calls + 2);
  EXPECT_EQ(metrics.errors.value(), errors + 1);
}

TEST(GatewayMetricsTest, EveryFamilyIsRegisteredWithItsHelp) {
  gatewayMetrics();
  int families = 0;
  for (const auto& family : defaultRegistry().collect()) {
    if (family.name.rfind("mensajero_", 0) != 0) continue;
    ++families;
    EXPECT_FALSE(family.help.empty()) << family.name;
    if (family.type == MetricType::Counter) {
      EXPECT_TRUE(family.name.ends_with("_total")) << family.name;
    }
  }
  EXPECT_GE(families, 18);
}

}  // namespace
}  // namespace mensajero::monitoring
