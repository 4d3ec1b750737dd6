// Issue 8 items 7-9 against the real gateway and simulator: a disabled channel instance holds
// its queued messages untried; a backlog held by an open breaker flows as soon as it closes;
// priority holds while the channel's rate limit binds.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

json textTo(const std::string& phone, const std::string& text, const std::string& priority) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", text}}},
          {"options", {{"priority", priority}}}};
}

// "+12015550100" + i: a distinct recipient per message, so the pair limit never binds.
std::string phone(int i) { return "+120155501" + std::to_string(10 + i); }

UnixMillis wallNow() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json simMessages(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["messages"];
}

long long simCount(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"].get<long long>();
}

std::string channelIdOfA(Sandbox& sandbox) {
  const json listed = sandbox
                          .call("GET", sandbox.gatewayUrl("/api/v2/channels"), "",
                                {{"Authorization", "Bearer " + sandbox.keyA()}})
                          .json();
  return listed["channels"][0]["id"];
}

Reply switchChannel(Sandbox& sandbox, const std::string& id, const std::string& action) {
  return sandbox.call("POST", sandbox.gatewayUrl("/api/v2/channels/" + id + "/" + action), "",
                      {{"Authorization", "Bearer " + sandbox.keyA()}});
}

// Item 7: one scheduled 6 s ahead went out after `disable`.
TEST(DisabledChannelTest, AScheduledMessageStaysQueuedUntriedUntilTheChannelIsEnabled) {
  Sandbox sandbox;
  const std::string channel = channelIdOfA(sandbox);
  const UnixMillis due = wallNow() + 2'000;
  json request = textTo(phone(0), "Recordatorio", "normal");
  request["options"]["scheduledAt"] = formatIso8601(due);
  const Reply accepted = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const std::string id = accepted.json()["messageId"];
  ASSERT_EQ(switchChannel(sandbox, channel, "disable").status, 200);

  // Well past its time (the poller looks every 200 ms), nothing may have happened to it.
  const auto touched = [&] {
    return simCount(sandbox) > 0 ||
           sandbox.queryNumber("SELECT count(*) FROM messages WHERE id = '" + id +
                               "' AND (delivery_status <> 'pending' OR attempts <> 0)") > 0;
  };
  EXPECT_FALSE(eventually(touched, milliseconds(due + 2'000 - wallNow())));
  EXPECT_EQ(simCount(sandbox), 0);

  ASSERT_EQ(switchChannel(sandbox, channel, "enable").status, 200);
  ASSERT_TRUE(eventually([&] { return simCount(sandbox) == 1; }, std::chrono::seconds(5)));
  EXPECT_EQ(sandbox.queryNumber("SELECT attempts FROM messages WHERE id = '" + id + "'"), 1);
}

// Item 8: messages refused in half-open waited a whole further recovery period after the
// breaker closed.
TEST(BreakerRecoveryTest, TheBacklogHeldByAnOpenBreakerFlowsWithinASecondOfItClosing) {
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200, backoff_base_ms: 100, "
                               "backoff_cap_ms: 200, circuit_breaker: {recovery_timeout_ms: 3000}}",
                   .limits = ""});
  // Five failures that open the breaker, then a healthy provider. Their Retry-After keeps the
  // five failed messages out of the way; the backlog is the ten refused while it is open.
  ASSERT_EQ(
      sandbox
          .simControl(
              "/_sim/control",
              {{"fail_next", 5}, {"error_code", 2}, {"http_status", 503}, {"retry_after_s", 600}})
          .status,
      200);
  for (int i = 0; i < 5; ++i) {
    const Reply failed = sandbox.send(sandbox.keyA(), textTo(phone(i), "m", "normal"));
    ASSERT_EQ(failed.status, 202) << failed.body;
  }
  for (int i = 5; i < 15; ++i) {
    const Reply refused = sandbox.send(sandbox.keyA(), textTo(phone(i), "m", "normal"));
    ASSERT_EQ(refused.status, 202) << refused.body;
    EXPECT_EQ(refused.json()["error"]["code"], "circuit_open");
  }
  EXPECT_EQ(simCount(sandbox), 0);

  // Half-open after 3 s, closed after three trials; then the other seven go at once.
  std::optional<steady_clock::time_point> closed_at;
  const bool all_sent = eventually(
      [&] {
        if (!closed_at && sandbox.queryNumber("SELECT count(*) FROM circuit_breaker_events "
                                              "WHERE event_type = 'closed'") > 0) {
          closed_at = steady_clock::now();
        }
        return simCount(sandbox) == 10;
      },
      std::chrono::seconds(20));
  ASSERT_TRUE(all_sent) << simCount(sandbox) << " of 10 sent";
  ASSERT_TRUE(closed_at.has_value());
  EXPECT_LT(steady_clock::now() - *closed_at, milliseconds(2'000));
  // Held back, never tried: every message made exactly one attempt (the failed ones their
  // failure, the refused ones the send).
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages WHERE attempts <> 1"), 0);
}

// Item 9: with the channel at 2 messages/s and 30 low-priority messages queued, a high one
// accepted after them went out last.
TEST(PriorityUnderRateLimitTest, AHighMessageAcceptedBehindALowBacklogGoesOutNext) {
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200}",
                   .limits = "{channel_messages_per_second: 2, channel_burst: 1}"});
  json low = textTo(phone(0), "low", "low");
  low["options"]["scheduledAt"] = formatIso8601(wallNow() + 1'000);
  for (int i = 0; i < 30; ++i) {
    low["recipient"]["value"] = phone(i);
    ASSERT_EQ(sandbox.send(sandbox.keyA(), low).status, 202);
  }
  // The backlog is flowing at the channel's rate.
  ASSERT_TRUE(eventually([&] { return simCount(sandbox) >= 2; }, std::chrono::seconds(10)));
  const long long before = simCount(sandbox);
  const Reply high = sandbox.send(sandbox.keyA(), textTo(phone(40), "high", "high"));
  ASSERT_TRUE(high.status == 200 || high.status == 202) << high.body;

  long long position = -1;  // 0-based arrival index of the high message
  ASSERT_TRUE(eventually(
      [&] {
        const json messages = simMessages(sandbox);
        for (std::size_t i = 0; i < messages.size(); ++i) {
          if (messages[i]["text"] == "high") position = static_cast<long long>(i);
        }
        return position >= 0;
      },
      std::chrono::seconds(20)));
  // Next, or behind at most the two already in flight when it was accepted.
  EXPECT_LE(position, before + 2) << "sent " << position - before << " messages after";
}

// The other way round: an immediate send must not take the next token ahead of a due backlog
// of higher priority.
TEST(PriorityUnderRateLimitTest, ALowMessageAcceptedBehindANormalBacklogWaitsItsTurn) {
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200}",
                   .limits = "{channel_messages_per_second: 5, channel_burst: 1}"});
  json normal = textTo(phone(0), "normal", "normal");
  normal["options"]["scheduledAt"] = formatIso8601(wallNow() + 1'000);
  for (int i = 0; i < 10; ++i) {
    normal["recipient"]["value"] = phone(i);
    ASSERT_EQ(sandbox.send(sandbox.keyA(), normal).status, 202);
  }
  ASSERT_TRUE(eventually([&] { return simCount(sandbox) >= 2; }, std::chrono::seconds(10)));
  const Reply low = sandbox.send(sandbox.keyA(), textTo(phone(40), "low", "low"));
  ASSERT_TRUE(low.status == 200 || low.status == 202) << low.body;

  ASSERT_TRUE(eventually([&] { return simCount(sandbox) == 11; }, std::chrono::seconds(20)));
  const json messages = simMessages(sandbox);
  std::string order;
  for (const json& message : messages) order += message["text"].get<std::string>() + " ";
  EXPECT_EQ(messages.back()["text"].get<std::string>(), "low") << order;
}

}  // namespace
}  // namespace mensajero::testing
