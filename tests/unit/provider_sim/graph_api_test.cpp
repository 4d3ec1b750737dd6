#include <chrono>
#include <future>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/provider_sim/sim_fixture.h"

namespace mensajero::provider_sim::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

class GraphApiTest : public SimFixture {};

TEST_F(GraphApiTest, SendAnswersMetaShapeAndRecordsTheMessage) {
  const Reply reply = sendText("+52 1 55 1234 5678", "Su cita es mañana", "msg_01");

  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["messaging_product"], "whatsapp");
  EXPECT_EQ(reply.json["contacts"][0]["input"], "+52 1 55 1234 5678");
  EXPECT_EQ(reply.json["contacts"][0]["wa_id"], "5215512345678");
  const std::string wamid = reply.json["messages"][0]["id"];
  EXPECT_EQ(wamid.rfind("wamid.SIM", 0), 0u) << wamid;

  const Reply listed = call("GET", "/_sim/messages");
  ASSERT_EQ(listed.status, 200);
  ASSERT_EQ(listed.json["count"], 1);
  const nlohmann::json& recorded = listed.json["messages"][0];
  EXPECT_EQ(recorded["wamid"], wamid);
  EXPECT_EQ(recorded["phone_number_id"], kPhoneNumberId);
  EXPECT_EQ(recorded["to"], "+52 1 55 1234 5678");
  EXPECT_EQ(recorded["type"], "text");
  EXPECT_EQ(recorded["text"], "Su cita es mañana");
  EXPECT_EQ(recorded["callback_data"], "msg_01");
  EXPECT_GT(recorded["received_at"].get<std::int64_t>(), 1'700'000'000'000);
}

TEST_F(GraphApiTest, WamidsAreUniqueAndIncreasing) {
  const std::string first = sendText("5215512345678", "uno").json["messages"][0]["id"];
  const std::string second = sendText("5215512345678", "dos").json["messages"][0]["id"];
  EXPECT_LT(std::stoll(first.substr(9)), std::stoll(second.substr(9)));
}

TEST_F(GraphApiTest, MissingTokenAnswers401Code190) {
  for (const auto& token : {std::optional<std::string>(), std::optional<std::string>("")}) {
    const Reply reply = sendText("5215512345678", "Hola", std::nullopt, token);
    ASSERT_EQ(reply.status, 401);
    EXPECT_EQ(reply.json["error"]["code"], 190);
    EXPECT_EQ(reply.json["error"]["type"], "OAuthException");
    EXPECT_EQ(reply.json["error"]["message"], "Invalid OAuth access token.");
    EXPECT_EQ(reply.json["error"]["fbtrace_id"], "SIM");
  }
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);
}

TEST_F(GraphApiTest, InvalidBodyAnswers400Code100) {
  const std::vector<std::pair<std::string, std::string>> auth{{"Authorization", "Bearer t"}};
  for (const std::string body :
       {"not json", R"({"to":"1","type":"text"})",
        R"({"messaging_product":"whatsapp","type":"text","text":{"body":"x"}})",
        R"({"messaging_product":"whatsapp","to":"5215512345678"})"}) {
    const Reply reply = call("POST", "/v21.0/123/messages", body, auth);
    ASSERT_EQ(reply.status, 400) << body;
    EXPECT_EQ(reply.json["error"]["code"], 100) << body;
  }
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);
}

TEST_F(GraphApiTest, FailNextAnswersTheInjectedErrorThenSucceeds) {
  const Reply control = post("/_sim/control", {{"fail_next", 1},
                                               {"error_code", 131026},
                                               {"http_status", 400},
                                               {"error_message", "(#131026) Message undeliverable"},
                                               {"retry_after_s", 7}});
  ASSERT_EQ(control.status, 200);
  EXPECT_EQ(control.json["fail_next"], 1);

  const Reply failed = sendText("5215512345678", "Hola");
  ASSERT_EQ(failed.status, 400);
  EXPECT_EQ(failed.json["error"]["code"], 131026);
  EXPECT_EQ(failed.json["error"]["message"], "(#131026) Message undeliverable");
  EXPECT_EQ(failed.raw.header("retry-after"), "7");
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);

  EXPECT_EQ(sendText("5215512345678", "Hola").status, 200);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 1);
}

TEST_F(GraphApiTest, FailureRateIsReproducibleForASeed) {
  auto pattern = [this] {
    std::string outcomes;
    for (int i = 0; i < 40; ++i) {
      outcomes += sendText("5215512345678", "x").status == 200 ? '.' : 'F';
    }
    return outcomes;
  };
  ASSERT_EQ(post("/_sim/control", {{"failure_rate", 0.5}, {"seed", 7}}).status, 200);
  const std::string first = pattern();
  ASSERT_EQ(post("/_sim/control", {{"seed", 7}}).status, 200);
  EXPECT_EQ(pattern(), first);
  EXPECT_NE(first.find('F'), std::string::npos);
  EXPECT_NE(first.find('.'), std::string::npos);
}

TEST_F(GraphApiTest, LatencyDelaysTheAnswer) {
  ASSERT_EQ(post("/_sim/control", {{"latency_ms", 150}}).status, 200);
  const auto started = Clock::now();
  EXPECT_EQ(sendText("5215512345678", "Hola").status, 200);
  EXPECT_GE(Clock::now() - started, milliseconds(150));
}

TEST_F(GraphApiTest, HungCallIsAnsweredOnlyAfterHangMs) {
  ASSERT_EQ(post("/_sim/control", {{"hang_next", 1}, {"hang_ms", 300}}).status, 200);
  const auto started = Clock::now();
  const Reply hung = sendText("5215512345678", "Hola");
  EXPECT_GE(Clock::now() - started, milliseconds(300));
  EXPECT_EQ(hung.status, 504);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);

  EXPECT_EQ(sendText("5215512345678", "Hola").status, 200);
}

TEST_F(GraphApiTest, HangThenAcceptRecordsTheMessageAfterTheHang) {
  ASSERT_EQ(post("/_sim/control", {{"hang_next", 1}, {"hang_ms", 100}, {"hang_then_accept", true}})
                .status,
            200);
  EXPECT_EQ(sendText("5215512345678", "Hola").status, 200);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 1);
}

TEST_F(GraphApiTest, DownDropsGraphCallsWithoutAnAnswerUntilItIsUp) {
  ASSERT_EQ(post("/_sim/control", {{"down", true}}).status, 200);
  EXPECT_EQ(call("GET", "/_sim/control").json["down"], true);
  transport::HttpCall send;
  send.method = "POST";
  send.url = sim_.baseUrl() + "/v21.0/" + kPhoneNumberId + "/messages";
  send.body = R"({"messaging_product":"whatsapp","to":"5215512345678","type":"text",)"
              R"("text":{"body":"Hola"}})";
  send.headers = {{"Authorization", "Bearer t"}, {"Content-Type", "application/json"}};
  const auto dropped = client_.perform(send);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().category, ErrorCategory::Retryable);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);

  ASSERT_EQ(post("/_sim/control", {{"down", false}}).status, 200);
  EXPECT_EQ(sendText("5215512345678", "Hola").status, 200);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 1);
}

TEST_F(GraphApiTest, StopAnswersHungCallsAtOnce) {
  ASSERT_EQ(post("/_sim/control", {{"hang_next", 1}, {"hang_ms", 60'000}}).status, 200);
  auto hung =
      std::async(std::launch::async, [this] { return sendText("5215512345678", "Hola").status; });
  ASSERT_TRUE(sim_.waitForDelayedAnswersForTest(1, std::chrono::seconds(5)));
  const auto started = Clock::now();
  sim_.stop();
  EXPECT_EQ(hung.get(), 504);
  EXPECT_LT(Clock::now() - started, std::chrono::seconds(5));
}

TEST_F(GraphApiTest, BusinessProfileNeedsTokenAndHonoursFailures) {
  const std::string path = std::string("/v21.0/") + kPhoneNumberId + "/whatsapp_business_profile";
  EXPECT_EQ(call("GET", path).status, 401);

  const Reply ok = call("GET", path, "", {{"Authorization", "Bearer t"}});
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json["data"][0]["about"], "Mensajero sandbox");
  EXPECT_EQ(ok.json["data"][0]["messaging_product"], "whatsapp");

  ASSERT_EQ(
      post("/_sim/control", {{"fail_next", 1}, {"http_status", 503}, {"error_code", 2}}).status,
      200);
  const Reply failed = call("GET", path, "", {{"Authorization", "Bearer t"}});
  EXPECT_EQ(failed.status, 503);
  EXPECT_EQ(failed.json["error"]["code"], 2);
}

TEST_F(GraphApiTest, MarkAsReadAnswersSuccessWithoutRecording) {
  const Reply reply =
      call("POST", "/v21.0/123/messages",
           R"({"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN1"})",
           {{"Authorization", "Bearer t"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["success"], true);
  EXPECT_EQ(call("GET", "/_sim/messages").json["count"], 0);
}

}  // namespace
}  // namespace mensajero::provider_sim::testing
