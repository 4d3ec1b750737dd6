#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/provider_sim/sim_fixture.h"

namespace mensajero::provider_sim::testing {
namespace {

class ControlApiTest : public SimFixture {};

TEST_F(ControlApiTest, ControlMergesOnlyTheGivenFields) {
  ASSERT_EQ(post("/_sim/control", {{"latency_ms", 5}}).status, 200);
  const Reply reply = post("/_sim/control", {{"fail_next", 2}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["latency_ms"], 5);
  EXPECT_EQ(reply.json["fail_next"], 2);
  EXPECT_EQ(call("GET", "/_sim/control").json, reply.json);
}

TEST_F(ControlApiTest, ControlRejectsUnknownFieldsAndBadValues) {
  EXPECT_EQ(post("/_sim/control", {{"fail_nxt", 1}}).status, 400);
  EXPECT_EQ(post("/_sim/control", {{"failure_rate", 1.5}}).status, 400);
  EXPECT_EQ(post("/_sim/control", {{"latency_ms", "10"}}).status, 400);
  EXPECT_EQ(call("POST", "/_sim/control", "[1]").status, 400);
  EXPECT_EQ(call("GET", "/_sim/control").json["failure_rate"], 0.0);
}

TEST_F(ControlApiTest, ResetRestoresDefaultsAndClearsMessages) {
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);
  ASSERT_EQ(post("/_sim/control", {{"fail_next", 3}, {"latency_ms", 10}}).status, 200);

  ASSERT_EQ(call("POST", "/_sim/reset").status, 200);
  const nlohmann::json control = call("GET", "/_sim/control").json;
  EXPECT_EQ(control["fail_next"], 0);
  EXPECT_EQ(control["latency_ms"], 0);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);
  const nlohmann::json webhooks = call("GET", "/_sim/webhooks").json;
  EXPECT_EQ(webhooks["pending"], 0);
  EXPECT_EQ(webhooks["delivered"], 0);
}

TEST_F(ControlApiTest, DeleteMessagesClearsThem) {
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);
  ASSERT_EQ(call("DELETE", "/_sim/messages").status, 200);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);
}

TEST_F(ControlApiTest, WebhookTargetMergesAndHidesTheSecret) {
  const Reply reply =
      post("/_sim/webhook-target", {{"status_delays_ms", {5}}, {"statuses", {"sent", "read"}}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["url"], gateway_.url());
  EXPECT_EQ(reply.json["has_app_secret"], true);
  EXPECT_FALSE(reply.json.contains("app_secret"));
  EXPECT_EQ(reply.json["statuses"], nlohmann::json::array({"sent", "read"}));
  EXPECT_EQ(reply.json["status_delays_ms"], nlohmann::json::array({5}));
  EXPECT_EQ(post("/_sim/webhook-target", {{"statuses", {"seen"}}}).status, 400);
}

}  // namespace
}  // namespace mensajero::provider_sim::testing
