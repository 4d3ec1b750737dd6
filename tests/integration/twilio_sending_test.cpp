// A Twilio channel declared in the config sends through the real gateway to the simulated
// Twilio Messaging API (issue 10 §2).
#include <csignal>

#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json textTo(const std::string& phone, const std::string& text) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", text}}}};
}

class TwilioSendingTest : public ::testing::Test {
 protected:
  Sandbox sandbox{twilioClinic("          max_segments: 3\n")};
};

TEST_F(TwilioSendingTest, BothTwilioChannelsAreSeededFromTheConfig) {
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM channel_instances WHERE provider = 'twilio'"
                                " AND channel_type IN ('sms', 'whatsapp')"),
            2);
}

TEST_F(TwilioSendingTest, SendsThroughTwilioAndTheSimulatorRecordsIt) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+1 201-555-0123", "Su cita es mañana"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["status"], "sent");

  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
  ASSERT_EQ(recorded["count"], 1) << recorded.dump();
  const json& message = recorded["messages"][0];
  EXPECT_EQ(message["account_sid"], kSimTwilioSid);
  EXPECT_EQ(message["to"], "whatsapp:+12015550123");
  EXPECT_EQ(message["from"], "whatsapp:+14155238886");
  EXPECT_EQ(message["body"], "Su cita es mañana");
  EXPECT_TRUE(message["sid"].get<std::string>().starts_with("SM"));
  // Nothing went to Meta.
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

TEST_F(TwilioSendingTest, TwilioRefusalIsClassifiedByItsCode) {
  ASSERT_EQ(sandbox
                .simControl("/_sim/twilio/control", {{"fail_next", 1},
                                                     {"error_code", 21211},
                                                     {"http_status", 400},
                                                     {"error_message", "Invalid 'To' number"}})
                .status,
            200);
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550124", "hola"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body["status"], "failed");
  EXPECT_EQ(body["error"]["code"], "twilio_21211");
  EXPECT_EQ(body["error"]["retryable"], false);
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json()["count"], 0);
}

TEST_F(TwilioSendingTest, WrongAuthTokenIsRefusedByTheSimulatedTwilio) {
  ASSERT_EQ(sandbox.simControl("/_sim/twilio/account", {{"auth_token", "rotated"}}).status, 200);
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550125", "hola"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["error"]["code"], "twilio_20003");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json()["count"], 0);
}

TEST_F(TwilioSendingTest, HealthProbesTheTwilioAccount) {
  const json health = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).json();
  EXPECT_EQ(health["services"]["whatsapp_api"]["status"], "healthy") << health.dump();
  ASSERT_EQ(sandbox.simControl("/_sim/twilio/control", {{"down", true}}).status, 200);
  // A fresh gateway has no cached verdict. Clinic B's Meta channel still answers, so one of two
  // instances failing makes the check degraded.
  sandbox.stopGateway(SIGTERM);
  sandbox.startGateway();
  const json down = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).json();
  EXPECT_EQ(down["services"]["whatsapp_api"]["status"], "degraded") << down.dump();
}

}  // namespace
}  // namespace mensajero::testing
