// Issue 12 point 7, end to end: the simulated provider fails, the channel's breaker opens, the
// rule "Circuit Breaker Opened" fires, and the simulator's Slack and PagerDuty sinks receive
// exactly one trigger; after the provider recovers and the breaker closes, exactly one resolve
// with the trigger's dedup key. The real gateway, its alerting loop and notifiers, and the
// real simulator.
#include <string>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

SandboxOptions alertingSandbox() {
  SandboxOptions options;
  // Two failures open the breaker; it stays open 8 s (several evaluations), then one trial
  // closes it. Retries come quickly, so a pending message is the trial once it is due.
  options.delivery =
      "{send_wait_ms: 5000, poll_interval_ms: 100, backoff_base_ms: 100, backoff_cap_ms: 300, "
      "circuit_breaker: {failure_threshold: 2, recovery_timeout_ms: 8000, "
      "half_open_max_calls: 1}}";
  options.extra_yaml =
      "notifiers:\n"
      "  slack: {webhook_url: \"@SIM@/_sim/sinks/slack\"}\n"
      "  pagerduty: {routing_key: \"e2e-routing-key\", "
      "events_url: \"@SIM@/_sim/sinks/pagerduty/v2/enqueue\"}\n"
      "alerting: {evaluation_interval_seconds: 1, lease_seconds: 5}\n"
      "alerts:\n"
      "  - name: \"Circuit Breaker Opened\"\n"
      "    condition: \"circuit_breaker_state = 'OPEN'\"\n"
      "    severity: high\n"
      "    channels: [slack, pagerduty]\n";
  return options;
}

class AlertNotificationsTest : public ::testing::Test {
 protected:
  json sink(const std::string& name) {
    return sandbox_.call("GET", sandbox_.simUrl("/_sim/sinks/" + name)).json();
  }
  std::size_t received(const std::string& name) { return sink(name)["received"].size(); }

  // Waits until the alerting loop has renewed its lease `n` more times: evaluations that
  // happened, so "nothing more was sent" means something.
  bool awaitEvaluations(int n) {
    const std::string sql = "SELECT expires_at FROM alert_leases WHERE name = 'alerting'";
    std::string last = sandbox_.queryText(sql);
    int seen = 0;
    return eventually(
        [&] {
          const std::string now = sandbox_.queryText(sql);
          if (now != last) {
            last = now;
            ++seen;
          }
          return seen >= n;
        },
        std::chrono::seconds(20));
  }

  bool sendText(int i) {
    const Reply reply =
        sandbox_.send(sandbox_.keyA(),
                      {{"recipient", {{"type", "phone"}, {"value", "+12015550181"}}},
                       {"message", {{"type", "text"}, {"content", "e2e " + std::to_string(i)}}}});
    return reply.status == 202 || reply.status == 200 || reply.status == 201;
  }

  Sandbox sandbox_{alertingSandbox()};
};

TEST_F(AlertNotificationsTest, BreakerOutageTriggersOnceAndResolvesOnceOnSlackAndPagerDuty) {
  // The provider fails every call with "not now" (Meta code 2, HTTP 503): breaker failures.
  ASSERT_EQ(sandbox_
                .simControl("/_sim/control",
                            {{"failure_rate", 1.0}, {"error_code", 2}, {"http_status", 503}})
                .status,
            200);
  const std::string opened =
      "SELECT COUNT(*) FROM circuit_breaker_events WHERE event_type = 'opened'";
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(sendText(i));
  ASSERT_TRUE(eventually([&] { return sandbox_.queryNumber(opened) >= 1; }))
      << sandbox_.gatewayLog();

  // One trigger at each sink.
  ASSERT_TRUE(eventually([&] { return received("slack") >= 1 && received("pagerduty") >= 1; }))
      << sandbox_.gatewayLog();
  const json slack_trigger = sink("slack")["received"][0]["json"];
  EXPECT_EQ(slack_trigger["text"], "[FIRING] Circuit Breaker Opened (high)");
  const json pd_trigger = sink("pagerduty")["received"][0]["json"];
  EXPECT_EQ(pd_trigger["event_action"], "trigger");
  EXPECT_EQ(pd_trigger["routing_key"], "e2e-routing-key");
  EXPECT_EQ(pd_trigger["payload"]["severity"], "error");
  EXPECT_EQ(pd_trigger["payload"]["class"], "Circuit Breaker Opened");
  const std::string dedup_key = pd_trigger["dedup_key"];
  EXPECT_FALSE(dedup_key.empty());

  // Further evaluations while the breaker stays open send nothing more.
  ASSERT_TRUE(awaitEvaluations(2));
  EXPECT_EQ(sandbox_.queryNumber(opened), 1);  // still the same outage
  EXPECT_EQ(received("slack"), 1u);
  EXPECT_EQ(received("pagerduty"), 1u);

  // The provider heals; after the recovery timeout a pending message is the half-open trial,
  // it succeeds and the breaker closes.
  ASSERT_EQ(sandbox_.simControl("/_sim/reset", json::object()).status, 200);
  ASSERT_TRUE(eventually(
      [&] {
        return sandbox_.queryNumber(
                   "SELECT COUNT(*) FROM circuit_breaker_events WHERE event_type = 'closed'") >= 1;
      },
      std::chrono::seconds(30)))
      << sandbox_.gatewayLog();

  // One resolve at each sink, PagerDuty's with the trigger's dedup key.
  ASSERT_TRUE(eventually([&] { return received("slack") >= 2 && received("pagerduty") >= 2; }))
      << sandbox_.gatewayLog();
  ASSERT_TRUE(awaitEvaluations(2));
  const json slack = sink("slack")["received"];
  const json pagerduty = sink("pagerduty")["received"];
  ASSERT_EQ(slack.size(), 2u);
  ASSERT_EQ(pagerduty.size(), 2u);
  EXPECT_EQ(slack[1]["json"]["text"], "[RESOLVED] Circuit Breaker Opened (high)");
  EXPECT_EQ(pagerduty[1]["json"]["event_action"], "resolve");
  EXPECT_EQ(pagerduty[1]["json"]["dedup_key"], dedup_key);
  EXPECT_EQ(sink("pagerduty")["rejected"], 0);
}

}  // namespace
}  // namespace mensajero::testing
