#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "notify/pagerduty_payload.h"
#include "notify/signed_webhook.h"
#include "notify/slack_payload.h"
#include "unit/notify/alert_fixture.h"

namespace mensajero::notify {
namespace {

using Kind = monitoring::AlertNotification::Kind;
using testing::breakerAlert;

TEST(PagerDutyPayloadTest, TriggerHasTheEventsV2Shape) {
  const auto body = nlohmann::json::parse(pagerDutyPayload(breakerAlert(), "R0UT1NGKEY"));
  EXPECT_EQ(body["routing_key"], "R0UT1NGKEY");
  EXPECT_EQ(body["event_action"], "trigger");
  EXPECT_EQ(body["dedup_key"], "mensajero-circuit-breaker-opened-1767225540000");
  const auto& payload = body["payload"];
  EXPECT_EQ(payload["severity"], "error");  // the rule's "high"
  EXPECT_EQ(payload["source"], "gw-test");
  EXPECT_EQ(payload["timestamp"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(payload["component"], "mensajero");
  EXPECT_EQ(payload["group"], "circuit_breaker_state");
  EXPECT_EQ(payload["class"], "Circuit Breaker Opened");
  EXPECT_NE(payload["summary"].get<std::string>().find("Circuit Breaker Opened"),
            std::string::npos);
  EXPECT_EQ(payload["custom_details"]["condition"], "circuit_breaker_state = 'OPEN'");
  EXPECT_EQ(payload["custom_details"]["value"], 2.0);
  EXPECT_EQ(payload["custom_details"]["since"], "2025-12-31T23:59:00.000Z");
}

TEST(PagerDutyPayloadTest, SeverityMapsToPagerDutysFourLevels) {
  EXPECT_EQ(pagerDutySeverity("critical"), "critical");
  EXPECT_EQ(pagerDutySeverity("high"), "error");
  EXPECT_EQ(pagerDutySeverity("medium"), "warning");
  EXPECT_EQ(pagerDutySeverity("low"), "info");
  EXPECT_EQ(pagerDutySeverity("unheard-of"), "info");
}

TEST(PagerDutyPayloadTest, RepeatIsATriggerWithTheSameDedupKey) {
  const auto body = nlohmann::json::parse(pagerDutyPayload(breakerAlert(Kind::Repeat), "K"));
  EXPECT_EQ(body["event_action"], "trigger");
  EXPECT_EQ(body["dedup_key"], breakerAlert().dedup_key);
}

TEST(PagerDutyPayloadTest, ResolveCarriesTheDedupKeyAndNoPayload) {
  const auto body = nlohmann::json::parse(pagerDutyPayload(breakerAlert(Kind::Resolve), "K"));
  EXPECT_EQ(body["event_action"], "resolve");
  EXPECT_EQ(body["dedup_key"], breakerAlert().dedup_key);
  EXPECT_FALSE(body.contains("payload"));
}

TEST(PagerDutyPayloadTest, SummaryAndDedupKeyStayWithinPagerDutysLimits) {
  auto alert = breakerAlert();
  alert.rule_name = std::string(3000, 'r');
  alert.dedup_key = std::string(400, 'k');
  const auto body = nlohmann::json::parse(pagerDutyPayload(alert, "K"));
  EXPECT_LE(body["payload"]["summary"].get<std::string>().size(), 1024u);
  EXPECT_LE(body["dedup_key"].get<std::string>().size(), 255u);
}

TEST(SlackPayloadTest, TriggerHasFallbackTextAndBlocks) {
  const auto body = nlohmann::json::parse(slackPayload(breakerAlert()));
  EXPECT_EQ(body["text"], "[FIRING] Circuit Breaker Opened (high)");
  ASSERT_TRUE(body["blocks"].is_array());
  EXPECT_EQ(body["blocks"][0]["type"], "header");
  EXPECT_EQ(body["blocks"][0]["text"]["type"], "plain_text");
  EXPECT_EQ(body["blocks"][1]["type"], "section");
  const std::string fields = body["blocks"][1]["fields"].dump();
  EXPECT_NE(fields.find("circuit_breaker_state = 2"), std::string::npos);
  EXPECT_EQ(body["blocks"][2]["type"], "context");
}

TEST(SlackPayloadTest, EachKindIsWordedClearly) {
  EXPECT_EQ(nlohmann::json::parse(slackPayload(breakerAlert(Kind::Repeat)))["text"],
            "[STILL FIRING] Circuit Breaker Opened (high)");
  EXPECT_EQ(nlohmann::json::parse(slackPayload(breakerAlert(Kind::Resolve)))["text"],
            "[RESOLVED] Circuit Breaker Opened (high)");
}

TEST(SlackPayloadTest, RuleTextCannotMentionChannelsOrMakeLinks) {
  auto alert = breakerAlert();
  alert.rule_name = "<!channel> <https://evil.example|click> & co";
  const std::string text = nlohmann::json::parse(slackPayload(alert))["text"];
  EXPECT_EQ(text.find('<'), std::string::npos);
  EXPECT_NE(text.find("&lt;!channel&gt;"), std::string::npos);
  EXPECT_NE(text.find("&amp; co"), std::string::npos);
}

TEST(SignedWebhookTest, SignatureMatchesAnIndependentlyComputedVector) {
  // python3: hmac.new(b"whsec-test-0123456789", b'1767225600.{"kind":"trigger"}',
  //                   hashlib.sha256).hexdigest()
  EXPECT_EQ(webhookSignature("whsec-test-0123456789", "1767225600", R"({"kind":"trigger"})"),
            "v1=04b2f00d115b7c87b2d8c07fefa8490e63f2907767d0113cbd38dc9b820fa961");
}

TEST(SignedWebhookTest, TimestampIsUnixSeconds) {
  EXPECT_EQ(webhookTimestamp(1'767'225'600'999), "1767225600");
}

TEST(SignedWebhookTest, PayloadCarriesTheAlertOnly) {
  const auto body = nlohmann::json::parse(webhookPayload(breakerAlert(Kind::Resolve)));
  EXPECT_EQ(body["version"], 1);
  EXPECT_EQ(body["kind"], "resolve");
  EXPECT_EQ(body["rule"], "Circuit Breaker Opened");
  EXPECT_EQ(body["at"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(body.size(), 12u);  // nothing beyond the documented fields
}

}  // namespace
}  // namespace mensajero::notify
