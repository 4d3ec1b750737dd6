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
using ::testing::Not;

constexpr const char* kAll = R"(
notifiers:
  slack: {webhook_url: "https://hooks.slack.example/services/T0/B0/SECRETPART"}
  pagerduty: {routing_key: "${PD_KEY}"}
  email:
    smtp_url: smtp://mail.clinic.example:587
    from: alerts@clinic.example
    to: [oncall@clinic.example, ops@clinic.example]
    username: alerts
    password: ${SMTP_PASSWORD}
    starttls: true
  webhook: {url: "https://receiver.example/alerts", secret: "0123456789abcdef0123"}
)";

TEST(ConfigNotifiersTest, ReadsEveryNotifier) {
  Config config = loadText(kAll, {{"PD_KEY", "pd-routing-key"}, {"SMTP_PASSWORD", "pw"}});
  ASSERT_TRUE(config.notifiers.slack);
  EXPECT_EQ(config.notifiers.slack->webhook_url,
            "https://hooks.slack.example/services/T0/B0/SECRETPART");
  ASSERT_TRUE(config.notifiers.pagerduty);
  EXPECT_EQ(config.notifiers.pagerduty->routing_key, "pd-routing-key");
  EXPECT_EQ(config.notifiers.pagerduty->events_url, "https://events.pagerduty.com/v2/enqueue");
  ASSERT_TRUE(config.notifiers.email);
  EXPECT_EQ(config.notifiers.email->to.size(), 2u);
  EXPECT_EQ(config.notifiers.email->password, "pw");
  EXPECT_TRUE(config.notifiers.email->starttls);
  ASSERT_TRUE(config.notifiers.webhook);
}

TEST(ConfigNotifiersTest, NoneConfiguredByDefault) {
  Config config = loadText("server: {port: 0}\n");
  EXPECT_FALSE(config.notifiers.slack || config.notifiers.pagerduty || config.notifiers.email ||
               config.notifiers.webhook);
}

TEST(ConfigNotifiersTest, EnvironmentAddsAndOverrides) {
  Config config = loadConfig(
      std::nullopt, {{"MENSAJERO_NOTIFIERS_SLACK_WEBHOOK_URL", "https://hooks.slack.example/x"},
                     {"MENSAJERO_NOTIFIERS_EMAIL_SMTP_URL", "smtps://m.example"},
                     {"MENSAJERO_NOTIFIERS_EMAIL_FROM", "a@clinic.example"},
                     {"MENSAJERO_NOTIFIERS_EMAIL_TO", "b@clinic.example, c@clinic.example"}});
  ASSERT_TRUE(config.notifiers.slack);
  EXPECT_EQ(config.notifiers.slack->webhook_url, "https://hooks.slack.example/x");
  ASSERT_TRUE(config.notifiers.email);
  EXPECT_EQ(config.notifiers.email->to,
            (std::vector<std::string>{"b@clinic.example", "c@clinic.example"}));
}

TEST(ConfigNotifiersTest, ErrorsNameTheKeyNeverTheSecret) {
  ConfigError error = loadError("notifiers:\n  slack: {webhook_url: \"ftp://SECRETPART\"}\n");
  EXPECT_EQ(error.key(), "notifiers.slack.webhook_url");
  EXPECT_THAT(error.what(), Not(HasSubstr("SECRETPART")));
  error = loadError("notifiers:\n  webhook: {url: \"https://r.example\", secret: \"SHORT\"}\n");
  EXPECT_EQ(error.key(), "notifiers.webhook.secret");
  EXPECT_THAT(error.what(), Not(HasSubstr("SHORT")));
}

TEST(ConfigNotifiersTest, RefusesUnknownKeysAndBadAddresses) {
  EXPECT_EQ(loadError("notifiers: {teams: {url: x}}\n").key(), "notifiers.teams");
  EXPECT_EQ(loadError("notifiers: {slack: {url: x}}\n").key(), "notifiers.slack.url");
  const std::string email = R"(
notifiers:
  email:
    smtp_url: smtp://m.example
    from: alerts@clinic.example
    to: [ok@clinic.example, "x@y\r\nRCPT TO:<z@w>"]
)";
  EXPECT_EQ(loadError(email).key(), "notifiers.email.to[1]");
  EXPECT_EQ(loadError("notifiers: {pagerduty: {events_url: \"https://e.example\"}}\n").key(),
            "notifiers.pagerduty.routing_key");
  EXPECT_EQ(loadError("notifiers:\n  email: {smtp_url: \"smtps://m.example\", from: a@b.example, "
                      "to: [c@d.example], starttls: true}\n")
                .key(),
            "notifiers.email.starttls");
}

}  // namespace
}  // namespace mensajero::app
