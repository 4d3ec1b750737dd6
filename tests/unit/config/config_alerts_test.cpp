// The spec's `alerts` rules and the `alerting` settings (issue 12).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/config.h"
#include "unit/config/config_test_util.h"

namespace mensajero::app {
namespace {

using config_test::loadError;
using config_test::loadText;
using ::testing::HasSubstr;

constexpr const char* kSpecRules = R"yaml(
alerts:
  - name: "High Error Rate"
    condition: "error_rate > 5% for 5 minutes"
    severity: "critical"
    channels: ["slack", "email", "pagerduty"]

  - name: "Circuit Breaker Opened"
    condition: "circuit_breaker_state = 'OPEN'"
    severity: "high"
    channels: ["slack", "email"]

  - name: "Webhook Processing Slow"
    condition: "webhook_response_time > 2000ms for 3 minutes"
    severity: "medium"
    channels: ["slack"]

  - name: "Message Delivery Failure"
    condition: "message_delivery_rate < 95% for 10 minutes"
    severity: "high"
    channels: ["slack", "email"]
)yaml";

std::string rule(const std::string& condition, const std::string& name = "Rule",
                 const std::string& extra = "") {
  return "alerts:\n  - name: \"" + name + "\"\n    condition: \"" + condition +
         "\"\n    severity: high\n    channels: [slack]\n" + extra;
}

TEST(ConfigAlertsTest, WithoutTheKeyTheSpecsFourRulesApply) {
  Config config = loadText("server:\n  port: 0\n");
  ASSERT_EQ(config.alerts.size(), 4u);
  EXPECT_EQ(config.alerts[0].name, "High Error Rate");
  EXPECT_EQ(config.alerts[0].condition_text, "error_rate > 5% for 5 minutes");
  EXPECT_EQ(config.alerts[0].severity, "critical");
  EXPECT_EQ(config.alerts[0].channels, (std::vector<std::string>{"slack", "email", "pagerduty"}));
  EXPECT_EQ(config.alerts[1].condition_text, "circuit_breaker_state = 'OPEN'");
  EXPECT_EQ(config.alerts[2].condition.for_ms, 180'000);
  EXPECT_EQ(config.alerts[3].channels, (std::vector<std::string>{"slack", "email"}));
  EXPECT_EQ(config.alerting.evaluation_interval_seconds, 15);
  EXPECT_EQ(config.alerting.repeat_interval_minutes, 60);
  EXPECT_EQ(config.alerting.lease_seconds, 30);
}

TEST(ConfigAlertsTest, TheSpecsOwnYamlReadsAsTheDefaultSet) {
  Config spec = loadText(kSpecRules);
  Config defaults = loadText("");
  ASSERT_EQ(spec.alerts.size(), defaults.alerts.size());
  for (std::size_t i = 0; i < spec.alerts.size(); ++i) {
    EXPECT_EQ(spec.alerts[i].name, defaults.alerts[i].name);
    EXPECT_EQ(spec.alerts[i].condition_text, defaults.alerts[i].condition_text);
    EXPECT_EQ(spec.alerts[i].severity, defaults.alerts[i].severity);
    EXPECT_EQ(spec.alerts[i].channels, defaults.alerts[i].channels);
  }
}

TEST(ConfigAlertsTest, AnEmptyListTurnsAlertingOff) {
  EXPECT_TRUE(loadText("alerts: []\n").alerts.empty());
  EXPECT_TRUE(loadText("alerts:\n").alerts.empty());
}

TEST(ConfigAlertsTest, AConditionThatDoesNotParseNamesTheRuleAndPosition) {
  std::string yaml = kSpecRules;
  yaml.replace(yaml.find("2000ms"), 6, "2000");
  ConfigError error = loadError(yaml);
  EXPECT_EQ(error.key(), "alerts[2].condition");
  EXPECT_STREQ(error.what(),
               "alerts[2].condition: rule \"Webhook Processing Slow\": position 29: expected a "
               "unit (ms, s) after 2000");
}

TEST(ConfigAlertsTest, RefusesBadFields) {
  EXPECT_EQ(loadError(rule("error_rate > 5%", "")).key(), "alerts[0].name");
  EXPECT_EQ(loadError(rule("error_rate > 5%", std::string(101, 'n'))).key(), "alerts[0].name");
  EXPECT_EQ(loadError(rule("error_rate > 5%", "bell\\a")).key(), "alerts[0].name");
  EXPECT_EQ(loadError(rule("error_rate > 5%", "A",
                           "  - name: A\n    condition: \"error_rate > "
                           "1%\"\n    severity: low\n    channels: "
                           "[email]\n"))
                .key(),
            "alerts[1].name");
  EXPECT_EQ(loadError("alerts:\n  - name: X\n    condition: \"error_rate > 5%\"\n    severity: "
                      "urgent\n    channels: [slack]\n")
                .key(),
            "alerts[0].severity");
  EXPECT_EQ(loadError("alerts:\n  - name: X\n    condition: \"error_rate > 5%\"\n    severity: "
                      "low\n    channels: [sms]\n")
                .key(),
            "alerts[0].channels[0]");
  EXPECT_EQ(loadError("alerts:\n  - name: X\n    condition: \"error_rate > 5%\"\n    severity: "
                      "low\n    channels: [slack, slack]\n")
                .key(),
            "alerts[0].channels[1]");
  EXPECT_EQ(loadError("alerts:\n  - name: X\n    condition: \"error_rate > 5%\"\n    severity: "
                      "low\n    channels: []\n")
                .key(),
            "alerts[0].channels");
  EXPECT_EQ(loadError("alerts:\n  - name: X\n    severity: low\n    channels: [slack]\n").key(),
            "alerts[0].condition");
  EXPECT_EQ(loadError(rule("error_rate > 5%", "X", "    runbook: none\n")).key(),
            "alerts[0].runbook");
  EXPECT_EQ(loadError("alerts: {name: X}\n").key(), "alerts");
  EXPECT_THAT(loadError(rule(std::string(300, 'x'))).what(), HasSubstr("longer than 256"));
}

TEST(ConfigAlertsTest, AtMostFiftyRules) {
  std::string yaml = "alerts:\n";
  for (int i = 0; i < 51; ++i) {
    yaml += "  - {name: r" + std::to_string(i) +
            ", condition: \"error_rate > 5%\", severity: low, channels: [slack]}\n";
  }
  EXPECT_THAT(loadError(yaml).what(), HasSubstr("more than 50 rules"));
}

TEST(ConfigAlertsTest, ReadsTheAlertingSettingsAndTheirBounds) {
  Config config = loadText(
      "alerting:\n  evaluation_interval_seconds: 1\n  repeat_interval_minutes: 0\n  "
      "lease_seconds: 5\n");
  EXPECT_EQ(config.alerting.evaluation_interval_seconds, 1);
  EXPECT_EQ(config.alerting.repeat_interval_minutes, 0);
  EXPECT_EQ(config.alerting.lease_seconds, 5);
  EXPECT_EQ(loadError("alerting:\n  evaluation_interval_seconds: 0\n").key(),
            "alerting.evaluation_interval_seconds");
  EXPECT_EQ(loadError("alerting:\n  lease_seconds: 15\n").key(), "alerting.lease_seconds");
  EXPECT_EQ(loadError("alerting:\n  repeat_interval_minutes: -1\n").key(),
            "alerting.repeat_interval_minutes");
  EXPECT_EQ(loadError("alerting:\n  bogus: 1\n").key(), "alerting.bogus");
  Config from_env = loadText("", {{"MENSAJERO_ALERTING_EVALUATION_INTERVAL_SECONDS", "2"},
                                  {"MENSAJERO_ALERTING_LEASE_SECONDS", "10"}});
  EXPECT_EQ(from_env.alerting.evaluation_interval_seconds, 2);
  EXPECT_EQ(from_env.alerting.lease_seconds, 10);
}

}  // namespace
}  // namespace mensajero::app
