#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/config.h"
#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::Environment;
using config_test::loadText;
using ::testing::HasSubstr;

ConfigError envError(const Environment& environment) {
  try {
    loadConfig(std::nullopt, environment);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a ConfigError";
  return ConfigError("<none>", "no error");
}

TEST(ConfigEnvTest, OverridesAnInteger) {
  EXPECT_EQ(loadConfig(std::nullopt, {{"MENSAJERO_SERVER_PORT", "9090"}}).server.port, 9090);
  EXPECT_EQ(
      loadConfig(std::nullopt, {{"MENSAJERO_DELIVERY_SEND_WAIT_MS", "2500"}}).delivery.send_wait_ms,
      2500);
}

TEST(ConfigEnvTest, OverridesAString) {
  Config config = loadConfig(std::nullopt, {{"MENSAJERO_STORAGE_URL", "postgresql://db/m"},
                                            {"MENSAJERO_LOGGING_LEVEL", "warn"}});
  EXPECT_EQ(config.storage.url, "postgresql://db/m");
  EXPECT_EQ(config.logging.level, "warn");
}

TEST(ConfigEnvTest, OverridesASizeBeyondInt) {
  Config config =
      loadConfig(std::nullopt, {{"MENSAJERO_SERVER_WEBHOOK_BODY_LIMIT_BYTES", "6000000000"}});
  EXPECT_EQ(config.server.webhook_body_limit_bytes, 6'000'000'000u);
  EXPECT_EQ(config.server.body_limit_bytes, std::size_t{1} << 20);
}

TEST(ConfigEnvTest, BadValueNamesKeyAndVariable) {
  ConfigError error = envError({{"MENSAJERO_SERVER_PORT", "http"}});
  EXPECT_EQ(error.key(), "server.port");
  EXPECT_THAT(error.what(), HasSubstr("MENSAJERO_SERVER_PORT"));
  EXPECT_EQ(envError({{"MENSAJERO_LOGGING_LEVEL", "loud"}}).key(), "logging.level");
  EXPECT_EQ(envError({{"MENSAJERO_SERVER_PORT", "70000"}}).key(), "server.port");
}

// Each variable must reach its own key; an empty value is invalid for every one of them.
TEST(ConfigEnvTest, EveryVariableMapsToItsKey) {
  const std::vector<std::pair<std::string, std::string>> variables = {
      {"MENSAJERO_SERVER_HOST", "server.host"},
      {"MENSAJERO_SERVER_PORT", "server.port"},
      {"MENSAJERO_SERVER_IO_THREADS", "server.io_threads"},
      {"MENSAJERO_SERVER_BLOCKING_THREADS", "server.blocking_threads"},
      {"MENSAJERO_SERVER_BODY_LIMIT_BYTES", "server.body_limit_bytes"},
      {"MENSAJERO_SERVER_WEBHOOK_BODY_LIMIT_BYTES", "server.webhook_body_limit_bytes"},
      {"MENSAJERO_SERVER_HEADER_TIMEOUT_MS", "server.header_timeout_ms"},
      {"MENSAJERO_SERVER_BODY_TIMEOUT_MS", "server.body_timeout_ms"},
      {"MENSAJERO_SERVER_IDLE_TIMEOUT_MS", "server.idle_timeout_ms"},
      {"MENSAJERO_SERVER_SHUTDOWN_GRACE_MS", "server.shutdown_grace_ms"},
      {"MENSAJERO_STORAGE_URL", "storage.url"},
      {"MENSAJERO_STORAGE_BUSY_TIMEOUT_MS", "storage.busy_timeout_ms"},
      {"MENSAJERO_STORAGE_READ_CONNECTIONS", "storage.read_connections"},
      {"MENSAJERO_DELIVERY_WORKERS", "delivery.workers"},
      {"MENSAJERO_DELIVERY_SEND_WAIT_MS", "delivery.send_wait_ms"},
      {"MENSAJERO_DELIVERY_LEASE_MS", "delivery.lease_ms"},
      {"MENSAJERO_DELIVERY_POLL_INTERVAL_MS", "delivery.poll_interval_ms"},
      {"MENSAJERO_LIMITS_API_REQUESTS_PER_SECOND", "limits.api_requests_per_second"},
      {"MENSAJERO_LIMITS_API_BURST", "limits.api_burst"},
      {"MENSAJERO_LIMITS_CHANNEL_MESSAGES_PER_SECOND", "limits.channel_messages_per_second"},
      {"MENSAJERO_LIMITS_CHANNEL_BURST", "limits.channel_burst"},
      {"MENSAJERO_LIMITS_PAIR_INTERVAL_MS", "limits.pair_interval_ms"},
      {"MENSAJERO_LIMITS_PAIR_BURST", "limits.pair_burst"},
      {"MENSAJERO_LIMITS_MAX_BACKLOG", "limits.max_backlog"},
      {"MENSAJERO_LIMITS_MAX_CONCURRENT_PER_ORGANIZATION",
       "limits.max_concurrent_per_organization"},
      {"MENSAJERO_LIMITS_MAX_SCHEDULE_AHEAD_DAYS", "limits.max_schedule_ahead_days"},
      {"MENSAJERO_WEBHOOKS_BATCH_SIZE", "webhooks.batch_size"},
      {"MENSAJERO_WEBHOOKS_EVENT_RETENTION_DAYS", "webhooks.event_retention_days"},
      {"MENSAJERO_LOGGING_LEVEL", "logging.level"},
  };
  for (const auto& [variable, key] : variables) {
    EXPECT_EQ(envError({{variable, ""}}).key(), key) << variable;
  }
}

TEST(ConfigEnvTest, EnvironmentBeatsFileBeatsDefault) {
  Config config =
      loadText("server:\n  port: 9000\n  io_threads: 4\n", {{"MENSAJERO_SERVER_PORT", "9100"}});
  EXPECT_EQ(config.server.port, 9100);
  EXPECT_EQ(config.server.io_threads, 4);
  EXPECT_EQ(config.server.blocking_threads, 16);
}

TEST(ConfigEnvTest, OverrideRepairsNothingInvalidInTheFile) {
  // The file is validated on its own, so a bad value there is reported even when overridden.
  ConfigError error =
      config_test::loadError("server:\n  port: 99999\n", {{"MENSAJERO_SERVER_PORT", "9100"}});
  EXPECT_EQ(error.key(), "server.port");
}

TEST(ConfigEnvTest, OverrideValuesAreNotSubstituted) {
  Config config = loadConfig(std::nullopt, {{"MENSAJERO_SERVER_HOST", "${HOST}"}});
  EXPECT_EQ(config.server.host, "${HOST}");
}

TEST(ConfigEnvTest, UnrelatedVariablesAreIgnored) {
  Config config = loadConfig(std::nullopt, {{"MENSAJERO_SOURCE_DIR", "/src"}, {"PATH", "/bin"}});
  EXPECT_EQ(config.server.port, 8080);
}

// Issue 8 item 5: the per-organization limits and the scheduling horizon.
TEST(ConfigEnvTest, TenantLimitsHaveTheirDefaultsAndBounds) {
  const Config defaults = loadText("");
  EXPECT_EQ(defaults.limits.max_concurrent_per_organization, 0);
  EXPECT_EQ(defaults.limits.max_schedule_ahead_days, 30);
  const Config set =
      loadText("limits: {max_concurrent_per_organization: 4, max_schedule_ahead_days: 7}\n");
  EXPECT_EQ(set.limits.max_concurrent_per_organization, 4);
  EXPECT_EQ(set.limits.max_schedule_ahead_days, 7);
  EXPECT_EQ(config_test::loadError("limits: {max_schedule_ahead_days: 0}\n").key(),
            "limits.max_schedule_ahead_days");
  EXPECT_EQ(config_test::loadError("limits: {max_concurrent_per_organization: -1}\n").key(),
            "limits.max_concurrent_per_organization");
}

// Issue 12: GET /metrics' token and refresh interval.
TEST(ConfigEnvTest, MetricsTokenComesFromTheEnvironmentAndIsNeverEchoed) {
  EXPECT_TRUE(loadText("").metrics.token.empty());
  EXPECT_EQ(loadText("").metrics.refresh_interval_ms, 5000);
  EXPECT_EQ(loadConfig(std::nullopt, {{"MENSAJERO_METRICS_TOKEN", "s3cret-Token"}}).metrics.token,
            "s3cret-Token");
  const ConfigError error = envError({{"MENSAJERO_METRICS_TOKEN", "has space-s3cret"}});
  EXPECT_EQ(error.key(), "metrics.token");
  EXPECT_THAT(error.what(), ::testing::Not(HasSubstr("s3cret")));
  EXPECT_EQ(config_test::loadError("metrics: {refresh_interval_ms: 10}\n").key(),
            "metrics.refresh_interval_ms");
}

}  // namespace
}  // namespace mensajero::app
