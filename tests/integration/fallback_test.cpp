// Issue 10 §3: the fallback chain against the real binary and the simulator. Clinic A has
// WhatsApp through Meta and SMS through Twilio, both simulated.
#include <utility>

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

// The sandbox's Meta channel for clinic A, a Twilio SMS channel, and optionally SMS as the
// organization's default fallback. The breaker opens after 5 failures and admits a trial
// after 1 s, so a test sees WhatsApp recover.
SandboxOptions fallbackClinic(bool sms_by_default = false) {
  SandboxOptions options;
  options.delivery =
      "{send_wait_ms: 5000, poll_interval_ms: 200, circuit_breaker: {failure_threshold: 5, "
      "recovery_timeout_ms: 1000}}";
  options.clinic_a_channels =
      metaWhatsAppAndTwilioSms() + (sms_by_default ? "    default_fallback_channels: [sms]\n" : "");
  return options;
}

json textTo(const std::string& phone, const std::string& text, const json& fallbacks = nullptr) {
  json request = {{"recipient", {{"type", "phone"}, {"value", phone}}},
                  {"message", {{"type", "text"}, {"content", text}}}};
  if (!fallbacks.is_null()) request["options"] = {{"fallbackChannels", fallbacks}};
  return request;
}

json smsReceived(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
}

// How many times Meta's simulator received the message with this id of ours.
int whatsappCopies(Sandbox& sandbox, const std::string& message_id) {
  const json received = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  int copies = 0;
  for (const json& m : received["messages"]) {
    if (m["callback_data"] == message_id) ++copies;
  }
  return copies;
}

// The message's attempt rows that match `where`.
long long attempts(Sandbox& sandbox, const std::string& message_id,
                   const std::string& where = "1 = 1") {
  return sandbox.queryNumber("SELECT COUNT(*) FROM message_attempts WHERE message_id = '" +
                             message_id + "' AND " + where);
}

std::string disableChannel(Sandbox& sandbox, const std::string& key, const std::string& type) {
  const std::vector<std::pair<std::string, std::string>> auth = {
      {"Authorization", "Bearer " + key}};
  const json channels =
      sandbox.call("GET", sandbox.gatewayUrl("/api/v2/channels"), "", auth).json();
  for (const json& channel : channels["channels"]) {
    if (channel["type"] != type) continue;
    const std::string id = channel["id"];
    const Reply disabled =
        sandbox.call("POST", sandbox.gatewayUrl("/api/v2/channels/" + id + "/disable"), "", auth);
    return disabled.status == 200 ? id : "";
  }
  return "";
}

class FallbackTest : public ::testing::Test {
 protected:
  // Five failures that say "not now" open WhatsApp's breaker; their Retry-After keeps those
  // five messages from being retried during the test.
  void openWhatsAppBreaker() {
    ASSERT_EQ(
        sandbox
            .simControl(
                "/_sim/control",
                {{"fail_next", 5}, {"error_code", 2}, {"http_status", 503}, {"retry_after_s", 600}})
            .status,
        200);
    for (int i = 0; i < 5; ++i) {
      const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550180", "m"));
      ASSERT_EQ(reply.status, 202) << reply.body;
    }
    ASSERT_EQ(sandbox.simControl("/_sim/reset", json::object()).status, 200);
  }

  Sandbox sandbox{fallbackClinic()};
};

// The spec's "should use fallback when circuit is open" (A.3), with a number libphonenumber
// accepts: the spec's +1234567890 is not a valid number and is refused with 422.
TEST_F(FallbackTest, ShouldUseFallbackWhenCircuitIsOpen) {
  ASSERT_NO_FATAL_FAILURE(openWhatsAppBreaker());
  const Reply response =
      sandbox.send(sandbox.keyA(), textTo("+12015550123", "Test message", json{"sms"}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  EXPECT_EQ(response.json()["status"], "sent");

  const json sms = smsReceived(sandbox);
  ASSERT_EQ(sms["count"], 1) << sms.dump();
  EXPECT_EQ(sms["messages"][0]["to"], "+12015550123");
  EXPECT_EQ(sms["messages"][0]["body"], "Test message");
  EXPECT_EQ(whatsappCopies(sandbox, response.json()["messageId"]), 0);

  // The conversation shows the message's channel; the breaker's refusal was no attempt.
  const json conversation =
      sandbox.conversation(sandbox.keyA(), response.json()["conversationId"]).json();
  ASSERT_EQ(conversation["messages"].size(), 1u) << conversation.dump();
  EXPECT_EQ(conversation["messages"][0]["channel"], "sms");
  EXPECT_EQ(conversation["channel"]["type"], "whatsapp");
  const std::string id = response.json()["messageId"];
  EXPECT_EQ(attempts(sandbox, id), 1);
  EXPECT_EQ(attempts(sandbox, id,
                     "attempt_number = 1 AND channel_type = 'sms' AND outcome = "
                     "'sent'"),
            1);
}

TEST_F(FallbackTest, WithoutFallbackChannelsAnOpenBreakerQueuesTheMessage) {
  ASSERT_NO_FATAL_FAILURE(openWhatsAppBreaker());
  const Reply response = sandbox.send(sandbox.keyA(), textTo("+12015550123", "hola"));
  ASSERT_EQ(response.status, 202) << response.body;
  EXPECT_EQ(response.json()["error"]["code"], "circuit_open");
  EXPECT_FALSE(response.json().contains("fallbackUsed"));
  EXPECT_EQ(smsReceived(sandbox)["count"], 0);
}

TEST_F(FallbackTest, RecipientNotOnWhatsAppFallsBackToSms) {
  ASSERT_EQ(sandbox
                .simControl("/_sim/control",
                            {{"fail_next", 1}, {"error_code", 131026}, {"http_status", 400}})
                .status,
            200);
  const Reply response = sandbox.send(sandbox.keyA(), textTo("+12015550124", "hola", {"sms"}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "sent");
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  EXPECT_EQ(smsReceived(sandbox)["count"], 1);
  // Both attempts are in the history, each with its channel.
  const std::string id = response.json()["messageId"];
  EXPECT_EQ(attempts(sandbox, id), 2);
  EXPECT_EQ(attempts(sandbox, id,
                     "attempt_number = 1 AND channel_type = 'whatsapp' AND "
                     "outcome = 'failed' AND error_code = 'meta_131026'"),
            1);
  EXPECT_EQ(attempts(sandbox, id,
                     "attempt_number = 2 AND channel_type = 'sms' AND outcome = "
                     "'sent'"),
            1);
}

TEST_F(FallbackTest, AnInvalidRecipientNeverFallsBack) {
  // Meta says the recipient parameter is invalid (131009, Permanent): no SMS either.
  ASSERT_EQ(sandbox
                .simControl("/_sim/control",
                            {{"fail_next", 1}, {"error_code", 131009}, {"http_status", 400}})
                .status,
            200);
  const Reply refused = sandbox.send(sandbox.keyA(), textTo("+12015550125", "hola", {"sms"}));
  ASSERT_EQ(refused.status, 200) << refused.body;
  EXPECT_EQ(refused.json()["status"], "failed");
  EXPECT_EQ(refused.json()["error"]["code"], "meta_131009");
  EXPECT_FALSE(refused.json().contains("fallbackUsed"));
  // A number that is not one is refused before anything is sent.
  const Reply invalid = sandbox.send(sandbox.keyA(), textTo("+1234567890", "hola", {"sms"}));
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_EQ(invalid.json()["error"]["code"], "invalid_recipient");
  EXPECT_EQ(smsReceived(sandbox)["count"], 0);
}

TEST_F(FallbackTest, AMessageThatFellBackIsNeverSentOnWhatsAppLater) {
  ASSERT_NO_FATAL_FAILURE(openWhatsAppBreaker());
  // The SMS is throttled once (Twilio 20429, retryable): the message waits on SMS.
  ASSERT_EQ(sandbox
                .simControl("/_sim/twilio/control",
                            {{"fail_next", 1}, {"error_code", 20429}, {"http_status", 429}})
                .status,
            200);
  const Reply response = sandbox.send(sandbox.keyA(), textTo("+12015550126", "hola", {"sms"}));
  ASSERT_EQ(response.status, 202) << response.body;
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  EXPECT_EQ(response.json()["error"]["code"], "twilio_20429");
  const std::string id = response.json()["messageId"];

  // WhatsApp recovers (its breaker admits calls after 1 s) while the message waits: a message
  // queued on it goes out, and the fallen-back message's retry still goes out by SMS.
  const Reply whatsapp = sandbox.send(sandbox.keyA(), textTo("+12015550127", "via whatsapp"));
  ASSERT_EQ(whatsapp.status, 202) << whatsapp.body;
  const std::string whatsapp_id = whatsapp.json()["messageId"];
  ASSERT_TRUE(eventually([&] { return whatsappCopies(sandbox, whatsapp_id) == 1; }));
  ASSERT_TRUE(eventually([&] { return smsReceived(sandbox)["count"] == 1; }));
  EXPECT_EQ(smsReceived(sandbox)["messages"][0]["to"], "+12015550126");
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryText("SELECT delivery_status FROM messages WHERE id = '" + id + "'") ==
           "sent";
  }));
  EXPECT_EQ(whatsappCopies(sandbox, id), 0);
  EXPECT_EQ(attempts(sandbox, id, "channel_type = 'whatsapp'"), 0);
  EXPECT_EQ(attempts(sandbox, id, "channel_type = 'sms'"), 2);
}

TEST_F(FallbackTest, ADisabledWhatsAppChannelSendsBySmsAtOnce) {
  ASSERT_FALSE(disableChannel(sandbox, sandbox.keyA(), "whatsapp").empty());
  const Reply response = sandbox.send(sandbox.keyA(), textTo("+12015550128", "hola", {"sms"}));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  EXPECT_EQ(smsReceived(sandbox)["count"], 1);
  // WhatsApp only: nothing can carry it.
  EXPECT_EQ(sandbox.send(sandbox.keyA(), textTo("+12015550128", "hola")).status, 503);
}

TEST_F(FallbackTest, AMessageWhoseChannelsAreAllDisabledWaitsUntried) {
  json request = textTo("+12015550132", "hola", {"sms"});
  // Far enough ahead that the channels are disabled before it is due, even under ASan with
  // the other suites running (1 s was not, once: the send went out at once, 200).
  request["options"]["scheduledAt"] = isoTimeFromNow(std::chrono::seconds(3));
  const Reply scheduled = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(scheduled.status, 202) << scheduled.body;
  const std::string id = scheduled.json()["messageId"];
  ASSERT_FALSE(disableChannel(sandbox, sandbox.keyA(), "whatsapp").empty());
  ASSERT_FALSE(disableChannel(sandbox, sandbox.keyA(), "sms").empty());
  // Once due, the dispatcher takes it (it could fall back), finds no channel, and gives it
  // back for 30 s without an attempt: neither provider ever sees it.
  const std::string in_20_s = isoTimeFromNow(std::chrono::seconds(20));
  EXPECT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE id = '" + id +
                               "' AND next_attempt_at > '" + in_20_s + "'") == 1;
  }));
  EXPECT_EQ(whatsappCopies(sandbox, id), 0);
  EXPECT_EQ(smsReceived(sandbox)["count"], 0);
  EXPECT_EQ(attempts(sandbox, id), 0);
  EXPECT_EQ(sandbox.queryText("SELECT delivery_status FROM messages WHERE id = '" + id + "'"),
            "pending");
}

TEST_F(FallbackTest, HealthIsDegradedWhileSmsCoversWhatsAppAndUnhealthyWhenNothingCanDeliver) {
  ASSERT_NO_FATAL_FAILURE(openWhatsAppBreaker());
  const Reply degraded = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"), "",
                                      {{"Authorization", "Bearer " + sandbox.keyA()}});
  EXPECT_EQ(degraded.status, 200) << degraded.body;
  EXPECT_EQ(degraded.json()["status"], "degraded");
  EXPECT_EQ(degraded.json()["services"]["circuit_breaker"]["status"], "degraded");
  const std::string details = degraded.json()["services"]["circuit_breaker"].value("details", "");
  EXPECT_NE(details.find("circuit breaker OPEN"), std::string::npos) << details;
  EXPECT_NE(details.find("(sms/twilio): can deliver"), std::string::npos) << details;

  ASSERT_FALSE(disableChannel(sandbox, sandbox.keyA(), "sms").empty());
  // Clinic B's WhatsApp still delivers: not everything is down yet.
  EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).json()["status"], "degraded");
  ASSERT_FALSE(disableChannel(sandbox, sandbox.keyB(), "whatsapp").empty());
  const Reply unhealthy = sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health"));
  EXPECT_EQ(unhealthy.status, 503) << unhealthy.body;
  EXPECT_EQ(unhealthy.json()["status"], "unhealthy");
  EXPECT_EQ(unhealthy.json()["services"]["circuit_breaker"]["status"], "unhealthy");
}

TEST(FallbackValidationTest, FallbackChannelsAreCheckedWithClearCodes) {
  Sandbox sandbox{fallbackClinic()};
  const auto codeOf = [&](const json& fallbacks) {
    const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550129", "x", fallbacks));
    return std::to_string(reply.status) + " " + reply.json()["error"].value("code", "");
  };
  EXPECT_EQ(codeOf({"fax"}), "422 unknown_fallback_channel");
  EXPECT_EQ(codeOf({"sms", "sms"}), "422 duplicate_fallback_channel");
  EXPECT_EQ(codeOf({"sms", "voice", "email", "sms"}), "422 too_many_fallback_channels");
  EXPECT_EQ(codeOf("sms"), "400 invalid_request");
  EXPECT_EQ(codeOf({1}), "400 invalid_request");
  const Reply by_id = sandbox.send(
      sandbox.keyA(), {{"recipient", {{"type", "whatsapp_id"}, {"value", "12015550129"}}},
                       {"message", {{"type", "text"}, {"content", "x"}}},
                       {"options", {{"fallbackChannels", {"sms"}}}}});
  EXPECT_EQ(by_id.status, 422);
  EXPECT_EQ(by_id.json()["error"]["code"], "fallback_needs_phone");
  EXPECT_EQ(smsReceived(sandbox)["count"], 0);
}

TEST(FallbackDefaultPlanTest, TheOrganizationsDefaultPlanAppliesWhenTheRequestNamesNone) {
  Sandbox sandbox{fallbackClinic(/*sms_by_default=*/true)};
  ASSERT_EQ(sandbox
                .simControl("/_sim/control",
                            {{"fail_next", 2}, {"error_code", 131026}, {"http_status", 400}})
                .status,
            200);
  const Reply by_default = sandbox.send(sandbox.keyA(), textTo("+12015550130", "hola"));
  ASSERT_EQ(by_default.status, 200) << by_default.body;
  EXPECT_EQ(by_default.json()["fallbackUsed"], "sms");
  // An explicit empty list asks for WhatsApp only.
  const Reply whatsapp_only =
      sandbox.send(sandbox.keyA(), textTo("+12015550131", "hola", json::array()));
  ASSERT_EQ(whatsapp_only.status, 200) << whatsapp_only.body;
  EXPECT_EQ(whatsapp_only.json()["status"], "failed");
  EXPECT_EQ(whatsapp_only.json()["error"]["code"], "meta_131026");
  EXPECT_EQ(smsReceived(sandbox)["count"], 1);
}

}  // namespace
}  // namespace mensajero::testing
