// Issue 3: Idempotency-Key, the per-key API quota, the provider-side rate limits, the backlog
// bound and a provider outage, against the real gateway and provider simulator.
#include <algorithm>
#include <future>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json textTo(const std::string& phone, const std::string& text = "Recordatorio") {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", text}}}};
}

long long simCount(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"].get<long long>();
}

TEST(IdempotencyTest, SameKeyAndBodyReplaysTheFirstAnswerAndSendsOnce) {
  Sandbox sandbox;
  const json request = textTo("+12015550101");
  const Reply first = sandbox.send(sandbox.keyA(), request, {{"Idempotency-Key", "\"k-1\""}});
  ASSERT_EQ(first.status, 200) << first.body;
  const Reply again = sandbox.send(sandbox.keyA(), request, {{"Idempotency-Key", "\"k-1\""}});
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.json(), first.json());
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(simCount(sandbox), 1);
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 1);

  // The key belongs to clinic A's API key; clinic B's key may use the same string.
  const Reply other_client =
      sandbox.send(sandbox.keyB(), request, {{"Idempotency-Key", "\"k-1\""}});
  EXPECT_EQ(other_client.status, 200);
  EXPECT_NE(other_client.json()["messageId"], first.json()["messageId"]);
}

TEST(IdempotencyTest, SameKeyWithAnotherBodyIs422) {
  Sandbox sandbox;
  ASSERT_EQ(
      sandbox.send(sandbox.keyA(), textTo("+12015550101"), {{"Idempotency-Key", "k-2"}}).status,
      200);
  const Reply changed = sandbox.send(sandbox.keyA(), textTo("+12015550101", "Otro texto"),
                                     {{"Idempotency-Key", "k-2"}});
  EXPECT_EQ(changed.status, 422) << changed.body;
  EXPECT_EQ(changed.json()["error"]["code"], "idempotency_key_mismatch");
  EXPECT_EQ(simCount(sandbox), 1);
}

TEST(IdempotencyTest, ConcurrentRequestsWithOneKeyExecuteOnceAndTheRestGet409) {
  Sandbox sandbox;
  // The provider answers slowly, so the first request is still in flight when the rest arrive.
  ASSERT_EQ(sandbox.simControl("/_sim/control", {{"latency_ms", 1500}}).status, 200);
  constexpr int kRequests = 8;
  std::vector<std::future<Reply>> replies;
  for (int i = 0; i < kRequests; ++i) {
    replies.push_back(std::async(std::launch::async, [&sandbox] {
      return sandbox.send(sandbox.keyA(), textTo("+12015550102"), {{"Idempotency-Key", "race"}});
    }));
  }
  int executed = 0;
  int in_use = 0;
  for (auto& reply : replies) {
    const Reply r = reply.get();
    if (r.status == 200) ++executed;
    if (r.status == 409) {
      ++in_use;
      EXPECT_EQ(r.json()["error"]["code"], "idempotency_key_in_use");
    }
  }
  EXPECT_EQ(executed, 1);
  EXPECT_EQ(in_use, kRequests - 1);
  EXPECT_EQ(simCount(sandbox), 1);
  // Once the first has answered, a repeat is a replay, not a 409.
  const Reply replay =
      sandbox.send(sandbox.keyA(), textTo("+12015550102"), {{"Idempotency-Key", "race"}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.header("idempotent-replayed"), "true");
}

TEST(IdempotencyTest, ARefusedRequestSavesNothingAndAMalformedKeyIs400) {
  Sandbox sandbox;
  const Reply refused =
      sandbox.send(sandbox.keyA(), textTo("+1 555 0100"), {{"Idempotency-Key", "k-3"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  // Nothing was saved under the key: the corrected request may reuse it.
  EXPECT_EQ(
      sandbox.send(sandbox.keyA(), textTo("+12015550103"), {{"Idempotency-Key", "k-3"}}).status,
      200);
  const Reply malformed =
      sandbox.send(sandbox.keyA(), textTo("+12015550103"), {{"Idempotency-Key", "has space"}});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.json()["error"]["code"], "invalid_idempotency_key");
}

TEST(ApiQuotaTest, ExceedingTheKeysQuotaIs429WithRetryAfterAndRateLimitHeaders) {
  Sandbox sandbox({.limits = "{api_requests_per_second: 1, api_burst: 3}"});
  const std::string url = sandbox.gatewayUrl("/api/v2/channels");
  const std::vector<std::pair<std::string, std::string>> auth{
      {"Authorization", "Bearer " + sandbox.keyA()}};
  for (int i = 0; i < 3; ++i) {
    const Reply ok = sandbox.call("GET", url, "", auth);
    ASSERT_EQ(ok.status, 200) << i;
    EXPECT_EQ(ok.header("ratelimit-limit"), "3");
    EXPECT_EQ(ok.header("ratelimit-remaining"), std::to_string(2 - i));
  }
  const Reply limited = sandbox.call("GET", url, "", auth);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.json()["error"]["code"], "rate_limited");
  EXPECT_EQ(limited.header("retry-after"), "1");
  EXPECT_EQ(limited.header("ratelimit-remaining"), "0");
  EXPECT_FALSE(limited.header("ratelimit-reset").empty());
  // Another key has its own quota.
  EXPECT_EQ(sandbox.call("GET", url, "", {{"Authorization", "Bearer " + sandbox.keyB()}}).status,
            200);
}

TEST(ProviderLimitsTest, PairLimitHoldsBackTheThirdMessageToOneRecipient) {
  Sandbox sandbox({.limits = "{pair_burst: 2, pair_interval_ms: 2000}"});
  EXPECT_EQ(sandbox.send(sandbox.keyA(), textTo("+12015550104")).json()["status"], "sent");
  EXPECT_EQ(sandbox.send(sandbox.keyA(), textTo("+12015550104")).json()["status"], "sent");
  const Reply held = sandbox.send(sandbox.keyA(), textTo("+12015550104"));
  EXPECT_EQ(held.status, 202) << held.body;
  EXPECT_EQ(held.json()["status"], "queued");
  EXPECT_EQ(held.json()["error"]["code"], "pair_rate_limited");
  EXPECT_EQ(simCount(sandbox), 2);
  // Another recipient is not held back.
  EXPECT_EQ(sandbox.send(sandbox.keyA(), textTo("+12015550105")).json()["status"], "sent");
  // The held message goes once the pair's quota allows, without using up an attempt.
  ASSERT_TRUE(eventually([&] { return simCount(sandbox) == 4; }));
  const std::string id = held.json()["messageId"];
  EXPECT_EQ(sandbox.queryNumber("SELECT attempts FROM messages WHERE id = '" + id + "'"), 1);
}

TEST(ProviderLimitsTest, ChannelBucketPacesABurstToTheConfiguredRate) {
  Sandbox sandbox({.limits = "{channel_messages_per_second: 5, channel_burst: 1}"});
  constexpr int kMessages = 6;
  std::vector<std::future<Reply>> replies;
  for (int i = 0; i < kMessages; ++i) {
    replies.push_back(std::async(std::launch::async, [&sandbox, i] {
      return sandbox.send(sandbox.keyA(), textTo("+1201555011" + std::to_string(i)));
    }));
  }
  for (auto& reply : replies) EXPECT_EQ(reply.get().json()["status"], "sent");
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  ASSERT_EQ(recorded["count"], kMessages);
  std::vector<long long> arrivals;
  for (const json& message : recorded["messages"]) {
    arrivals.push_back(message["received_at"].get<long long>());
  }
  std::sort(arrivals.begin(), arrivals.end());
  // Five intervals of 200 ms (a bucket of one token never lets two through at once). The
  // tokens are 200 ms apart at the gateway; arrivals at the simulator also carry each call's
  // own latency, which varies by tens of ms on a loaded machine, so 100 ms of slack. A bucket
  // that let even two through at once would spread them over at most 800 ms.
  EXPECT_GE(arrivals.back() - arrivals.front(), 5 * 200 - 100);
}

TEST(BacklogTest, SendsBeyondTheBacklogBoundAre503WithRetryAfter) {
  Sandbox sandbox({.limits = "{max_backlog: 3}"});
  json later = textTo("+12015550106");
  later["options"]["scheduledAt"] = isoTimeFromNow(std::chrono::hours(24 * 7));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sandbox.send(sandbox.keyA(), later).status, 202);
  const Reply full = sandbox.send(sandbox.keyA(), later);
  EXPECT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(full.json()["error"]["code"], "backlog_full");
  EXPECT_EQ(full.header("retry-after"), "5");
  EXPECT_EQ(sandbox.queryNumber("SELECT count(*) FROM messages"), 3);
}

TEST(ProviderOutageTest, MessagesAcceptedWhileTheProviderIsDownAreDeliveredWhenItReturns) {
  Sandbox sandbox({.delivery = "{send_wait_ms: 5000, poll_interval_ms: 200, "
                               "backoff_base_ms: 100, backoff_cap_ms: 400}",
                   .limits = ""});
  ASSERT_EQ(sandbox.simControl("/_sim/control", {{"down", true}}).status, 200);
  const Reply queued = sandbox.send(sandbox.keyA(), textTo("+12015550107"));
  EXPECT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(queued.json()["status"], "queued");
  EXPECT_TRUE(queued.json()["error"]["retryable"].get<bool>());
  EXPECT_EQ(simCount(sandbox), 0);

  ASSERT_EQ(sandbox.simControl("/_sim/control", {{"down", false}}).status, 200);
  const std::string id = queued.json()["messageId"];
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT count(*) FROM messages WHERE id = '" + id +
                               "' AND delivery_status <> 'pending'") == 1;
  }));
  EXPECT_EQ(simCount(sandbox), 1);
}

}  // namespace
}  // namespace mensajero::testing
