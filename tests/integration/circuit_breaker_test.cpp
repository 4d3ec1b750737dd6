// Spec "Circuit Breaker": the breaker of a channel instance opens after threshold failures.
#include <chrono>

#include <gtest/gtest.h>

#include "common/time_format.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

TEST(CircuitBreakerIntegrationTest, OpensAfterThresholdFailuresAndStopsCallingTheProvider) {
  Sandbox sandbox;
  // Five provider failures that say "not now" (Meta code 2, HTTP 503): breaker failures.
  // Their Retry-After (10 minutes) outweighs the jittered backoff, so no retry reaches the
  // provider during the test: only the five first attempts do.
  ASSERT_EQ(
      sandbox
          .simControl(
              "/_sim/control",
              {{"fail_next", 5}, {"error_code", 2}, {"http_status", 503}, {"retry_after_s", 600}})
          .status,
      200);
  auto send = [&](int i) {
    return sandbox.send(sandbox.keyA(),
                        {{"recipient", {{"type", "phone"}, {"value", "+12015550180"}}},
                         {"message", {{"type", "text"}, {"content", "m" + std::to_string(i)}}}});
  };
  for (int i = 0; i < 5; ++i) {
    const Reply reply = send(i);
    ASSERT_EQ(reply.status, 202) << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], "meta_2");
  }
  // Retry-After was honoured: no retry is due before ten minutes from now. (The time is an
  // ISO-8601 literal: SQLite compares it with its text timestamps, PostgreSQL casts it.)
  const std::string in_590_s = formatIso8601(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          (std::chrono::system_clock::now() + std::chrono::seconds(590)).time_since_epoch())
          .count());
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE next_attempt_at < '" +
                                in_590_s + "'"),
            0);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM circuit_breaker_events WHERE "
                                "event_type = 'opened'"),
            1);

  // The provider is healthy again, but the open breaker does not call it.
  ASSERT_EQ(sandbox.simControl("/_sim/reset", json::object()).status, 200);
  const Reply sixth = send(5);
  ASSERT_EQ(sixth.status, 202) << sixth.body;
  EXPECT_EQ(sixth.json()["status"], "queued");
  EXPECT_EQ(sixth.json()["error"]["code"], "circuit_open");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE delivery_status = "
                                "'pending'"),
            6);
}

TEST(ChannelAdministrationTest, DisableRefusesSendsAndEnableRestoresThem) {
  Sandbox sandbox;
  const auto auth = std::vector<std::pair<std::string, std::string>>{
      {"Authorization", "Bearer " + sandbox.keyA()}};
  const json listed = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/channels"), "", auth).json();
  ASSERT_EQ(listed["channels"].size(), 1u);
  const json& channel = listed["channels"][0];
  EXPECT_EQ(channel["status"], "connected");
  EXPECT_EQ(channel["breaker"], "CLOSED");
  EXPECT_FALSE(listed.dump().find(kAppSecretA) != std::string::npos) << "secret leaked";
  const std::string id = channel["id"];

  const json message = {{"recipient", {{"type", "phone"}, {"value", "+12015550181"}}},
                        {"message", {{"type", "text"}, {"content", "hola"}}}};
  const Reply disabled =
      sandbox.call("POST", sandbox.gatewayUrl("/api/v2/channels/" + id + "/disable"), "", auth);
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json()["status"], "inactive");
  const Reply refused = sandbox.send(sandbox.keyA(), message);
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.json()["error"]["code"], "no_channel");
  EXPECT_FALSE(refused.header("retry-after").empty());

  const Reply enabled =
      sandbox.call("POST", sandbox.gatewayUrl("/api/v2/channels/" + id + "/enable"), "", auth);
  ASSERT_EQ(enabled.status, 200);
  EXPECT_EQ(enabled.json()["status"], "connected");
  EXPECT_EQ(sandbox.send(sandbox.keyA(), message).json()["status"], "sent");

  // Another organization's key cannot see or switch it.
  const Reply foreign =
      sandbox.call("POST", sandbox.gatewayUrl("/api/v2/channels/" + id + "/disable"), "",
                   {{"Authorization", "Bearer " + sandbox.keyB()}});
  EXPECT_EQ(foreign.status, 404);
}

}  // namespace
}  // namespace mensajero::testing
