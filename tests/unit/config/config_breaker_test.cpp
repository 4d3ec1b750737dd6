// Issue 8 item 10: the spec's five circuit breaker settings, globally under
// delivery.circuit_breaker and per channel instance under provider_config.circuit_breaker.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "app/config.h"
#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::loadError;
using config_test::loadText;
using ::testing::HasSubstr;

// A channel whose provider_config carries `breaker` (a YAML flow mapping) as circuit_breaker.
std::string channelWithBreaker(const std::string& breaker) {
  return "organizations:\n"
         "  - name: Clinic\n"
         "    channels:\n"
         "      - type: whatsapp\n"
         "        provider: meta\n"
         "        provider_config:\n"
         "          phone_number_id: \"1065\"\n"
         "          access_token: token\n"
         "          circuit_breaker: " +
         breaker + "\n";
}

TEST(ConfigBreakerTest, DefaultsAreTheSpecsAsWritten) {
  const Config config = loadConfig(std::nullopt, {});
  const CircuitBreakerSettings& breaker = config.delivery.circuit_breaker;
  EXPECT_EQ(breaker.failure_threshold, 5);
  EXPECT_EQ(breaker.recovery_timeout_ms, 30'000);
  EXPECT_EQ(breaker.monitoring_window_ms, 60'000);
  EXPECT_EQ(breaker.half_open_max_calls, 3);
  EXPECT_EQ(breaker.emergency_shutdown_threshold, 50);
  const resilience::CircuitBreakerConfig built = breakerConfig(breaker);
  EXPECT_EQ(built.recovery_timeout, std::chrono::milliseconds(30'000));
  EXPECT_EQ(built.monitoring_window, std::chrono::milliseconds(60'000));
}

TEST(ConfigBreakerTest, FileAndEnvironmentSetEverySetting) {
  const Config config = loadText(R"yaml(
delivery:
  workers: 2
  circuit_breaker:
    failure_threshold: 7
    recovery_timeout_ms: 1000
    monitoring_window_ms: 2000
    half_open_max_calls: 1
    emergency_shutdown_threshold: 70
)yaml",
                                 {{"MENSAJERO_DELIVERY_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", "4"}});
  const CircuitBreakerSettings& breaker = config.delivery.circuit_breaker;
  EXPECT_EQ(config.delivery.workers, 2);
  EXPECT_EQ(breaker.failure_threshold, 7);
  EXPECT_EQ(breaker.recovery_timeout_ms, 1000);
  EXPECT_EQ(breaker.monitoring_window_ms, 2000);
  EXPECT_EQ(breaker.half_open_max_calls, 4);  // the environment wins
  EXPECT_EQ(breaker.emergency_shutdown_threshold, 70);
}

TEST(ConfigBreakerTest, BadGlobalValuesAreRefusedNamingTheKey) {
  const ConfigError zero = loadError("delivery:\n  circuit_breaker:\n    failure_threshold: 0\n");
  EXPECT_EQ(zero.key(), "delivery.circuit_breaker.failure_threshold");
  EXPECT_THAT(zero.what(), HasSubstr("at least 1"));
  const ConfigError text =
      loadError("delivery:\n  circuit_breaker:\n    recovery_timeout_ms: soon\n");
  EXPECT_EQ(text.key(), "delivery.circuit_breaker.recovery_timeout_ms");
  const ConfigError unknown = loadError("delivery:\n  circuit_breaker:\n    threshold: 3\n");
  EXPECT_EQ(unknown.key(), "delivery.circuit_breaker.threshold");
  EXPECT_THAT(unknown.what(), HasSubstr("unknown key"));
  // A breaker that would shut the channel down before it ever opened.
  const ConfigError order = loadError(
      "delivery:\n  circuit_breaker:\n    failure_threshold: 10\n"
      "    emergency_shutdown_threshold: 5\n");
  EXPECT_EQ(order.key(), "delivery.circuit_breaker");
  EXPECT_THAT(order.what(), HasSubstr("emergency_shutdown_threshold"));
}

TEST(ConfigBreakerTest, AnEnvironmentValueIsValidatedToo) {
  try {
    loadConfig(std::nullopt, {{"MENSAJERO_DELIVERY_CIRCUIT_BREAKER_MONITORING_WINDOW_MS", "-5"}});
    ADD_FAILURE() << "a negative window was accepted";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key(), "delivery.circuit_breaker.monitoring_window_ms");
    EXPECT_THAT(e.what(), HasSubstr("MENSAJERO_DELIVERY_CIRCUIT_BREAKER_MONITORING_WINDOW_MS"));
  }
}

TEST(ConfigBreakerTest, AChannelMayOverrideSettingsAndItsOverrideIsKept) {
  const Config config = loadText(channelWithBreaker("{failure_threshold: 2}"));
  ASSERT_EQ(config.organizations.size(), 1u);
  const auto provider_config =
      nlohmann::json::parse(config.organizations[0].channels[0].provider_config_json);
  EXPECT_EQ(provider_config["circuit_breaker"]["failure_threshold"], 2);
}

TEST(ConfigBreakerTest, BadChannelOverridesAreRefusedAtLoad) {
  for (const std::string bad : {"{failure_threshold: 0}", "{recovery_timeout_ms: \"30s\"}",
                                "{half_open: 3}", "[1, 2]", "{emergency_shutdown_threshold: 2}"}) {
    const ConfigError error = loadError(channelWithBreaker(bad));
    EXPECT_EQ(error.key(), "organizations[0].channels[0].provider_config") << bad;
    EXPECT_THAT(error.what(), HasSubstr("circuit_breaker")) << bad;
  }
  // Merged over the global settings: a threshold of 2 is fine once the global one is lower.
  EXPECT_NO_THROW(loadText("delivery:\n  circuit_breaker:\n    failure_threshold: 1\n" +
                           channelWithBreaker("{emergency_shutdown_threshold: 2}")));
}

}  // namespace
}  // namespace mensajero::app
