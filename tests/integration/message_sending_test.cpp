// Spec "Message Sending" scenarios against the real gateway and provider simulator.
#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json textTo(const std::string& phone, const std::string& text = "Test message") {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "text"}, {"content", text}}}};
}

class MessageSendingTest : public ::testing::Test {
 protected:
  Sandbox sandbox;
};

TEST_F(MessageSendingTest, SendsTextMessageSuccessfully) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+1 201-555-0123", "Su cita es mañana"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body["status"], "sent");
  EXPECT_FALSE(body["messageId"].get<std::string>().empty());
  EXPECT_FALSE(body["conversationId"].get<std::string>().empty());

  // The simulator received exactly this message, normalised to E.164, with our id echoed.
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  ASSERT_EQ(recorded["count"], 1);
  const json& message = recorded["messages"][0];
  EXPECT_EQ(message["to"], "+12015550123");
  EXPECT_EQ(message["text"], "Su cita es mañana");
  EXPECT_EQ(message["phone_number_id"], kPhoneNumberIdA);
  EXPECT_EQ(message["callback_data"], body["messageId"]);
}

TEST_F(MessageSendingTest, HandlesApiFailuresGracefully) {
  // 131026: the recipient cannot receive WhatsApp messages; not retryable here.
  ASSERT_EQ(sandbox
                .simControl("/_sim/control", {{"fail_next", 1},
                                              {"error_code", 131026},
                                              {"http_status", 400},
                                              {"error_message", "Message undeliverable"}})
                .status,
            200);
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550124"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body["status"], "failed");
  ASSERT_TRUE(body.contains("error"));
  EXPECT_EQ(body["error"]["code"], "meta_131026");
  EXPECT_EQ(body["error"]["retryable"], false);
  EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());

  const json conversation =
      sandbox.conversation(sandbox.keyA(), body["conversationId"].get<std::string>()).json();
  EXPECT_EQ(conversation["messages"][0]["status"], "failed");
  EXPECT_EQ(conversation["messages"][0]["error"]["code"], "meta_131026");
}

TEST_F(MessageSendingTest, RetryableFailureAnswersQueuedAndIsRetried) {
  // Meta code 2: temporary service error, retryable.
  ASSERT_EQ(
      sandbox
          .simControl("/_sim/control", {{"fail_next", 1}, {"error_code", 2}, {"http_status", 503}})
          .status,
      200);
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550130"));
  ASSERT_EQ(reply.status, 202) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body["status"], "queued");
  EXPECT_EQ(body["error"]["code"], "meta_2");
  EXPECT_EQ(body["error"]["retryable"], true);
  // The outbox poller attempts it again after the backoff, and the simulator accepts it.
  ASSERT_TRUE(eventually(
      [&] { return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"] == 1; }));
  json message;
  ASSERT_TRUE(eventually([&] {
    message = sandbox.conversation(sandbox.keyA(), body["conversationId"].get<std::string>())
                  .json()["messages"][0];
    return message["status"] != "pending";
  }));
  EXPECT_NE(message["status"], "failed");
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_attempts"), 2);
}

TEST_F(MessageSendingTest, StatusGoesSentDeliveredReadThroughSignedWebhooks) {
  const json sent = sandbox.send(sandbox.keyA(), textTo("+12015550125")).json();
  ASSERT_EQ(sent["status"], "sent");
  const std::string conversation_id = sent["conversationId"];
  json message;
  ASSERT_TRUE(eventually([&] {
    message = sandbox.conversation(sandbox.keyA(), conversation_id).json()["messages"][0];
    return message["status"] == "read";
  })) << message.dump();
  EXPECT_TRUE(message["sentAt"].is_string());
  EXPECT_TRUE(message["deliveredAt"].is_string());
  EXPECT_TRUE(message["readAt"].is_string());
  EXPECT_TRUE(message["externalId"].get<std::string>().rfind("wamid.", 0) == 0);
}

TEST_F(MessageSendingTest, RejectsSpecExampleNumberAsInvalid) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+1234567890"));
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.json()["error"]["code"], "invalid_recipient");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

TEST_F(MessageSendingTest, UsesOrganizationRegionForNationalNumbers) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("(201) 555-0126"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  EXPECT_EQ(recorded["messages"][0]["to"], "+12015550126");
}

TEST_F(MessageSendingTest, SendsToWhatsAppIdAsGiven) {
  const json request = {{"recipient", {{"type", "whatsapp_id"}, {"value", "5215512345678"}}},
                        {"message", {{"type", "text"}, {"content", "Hola"}}}};
  const Reply reply = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["messages"][0]["to"],
            "5215512345678");
}

TEST_F(MessageSendingTest, SecondMessageJoinsTheSameConversation) {
  const json first = sandbox.send(sandbox.keyA(), textTo("+12015550127", "uno")).json();
  const json second = sandbox.send(sandbox.keyA(), textTo("+1 (201) 555-0127", "dos")).json();
  EXPECT_EQ(first["conversationId"], second["conversationId"]);
  const json conversation =
      sandbox.conversation(sandbox.keyA(), first["conversationId"].get<std::string>()).json();
  EXPECT_EQ(conversation["metadata"]["totalMessages"], 2);
  EXPECT_EQ(conversation["channel"]["identifier"], "+12015550127");
}

TEST_F(MessageSendingTest, RefusesMalformedJsonWithItsPosition) {
  const Reply reply = sandbox.call("POST", sandbox.gatewayUrl("/api/v2/messages/send"),
                                   R"({"recipient": {"type": "phone",, })",
                                   {{"Authorization", "Bearer " + sandbox.keyA()}});
  ASSERT_EQ(reply.status, 400);
  const json error = reply.json()["error"];
  EXPECT_EQ(error["code"], "malformed_json");
  EXPECT_NE(error["message"].get<std::string>().find("byte 32"), std::string::npos) << error.dump();
  EXPECT_EQ(error["retryable"], false);
}

TEST_F(MessageSendingTest, RefusesMissingFieldsNamingThem) {
  const Reply reply = sandbox.send(sandbox.keyA(), {{"message", {{"type", "text"}}}});
  ASSERT_EQ(reply.status, 400);
  EXPECT_NE(reply.json()["error"]["message"].get<std::string>().find("recipient"),
            std::string::npos);
}

TEST_F(MessageSendingTest, RefusesOversizedBodyWith413) {
  const std::string huge(2 << 20, 'x');
  const Reply reply = sandbox.call("POST", sandbox.gatewayUrl("/api/v2/messages/send"), huge,
                                   {{"Authorization", "Bearer " + sandbox.keyA()}});
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(reply.json()["error"]["code"], "payload_too_large");
}

TEST_F(MessageSendingTest, RefusesTextOver4096Characters) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550128", std::string(4097, 'a')));
  EXPECT_EQ(reply.status, 422);
  EXPECT_EQ(reply.json()["error"]["code"], "content_too_long");
}

// JSON may carry \u0000; no provider delivers it and PostgreSQL text cannot hold it.
TEST_F(MessageSendingTest, RefusesTextWithANulCharacter) {
  const Reply reply = sandbox.send(sandbox.keyA(), textTo("+12015550127", std::string("a\0b", 3)));
  EXPECT_EQ(reply.status, 422) << reply.body;
  EXPECT_EQ(reply.json()["error"]["code"], "invalid_content");
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages"), 0);
}

TEST_F(MessageSendingTest, RequiresAValidApiKey) {
  EXPECT_EQ(sandbox.send("mj_wrong", textTo("+12015550129")).status, 401);
  const Reply missing = sandbox.call("POST", sandbox.gatewayUrl("/api/v2/messages/send"),
                                     textTo("+12015550129").dump());
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.json()["error"]["code"], "unauthorized");
}

}  // namespace
}  // namespace mensajero::testing
