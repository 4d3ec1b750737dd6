// Spec "Webhook Processing" scenarios plus signature, dedup and ordering rules.
#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "security/webhook_signature.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

class WebhookProcessingTest : public ::testing::Test {
 protected:
  long long inboundCount() {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'");
  }
  long long webhookRows() { return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs"); }

  std::string sendAndGetConversation(const std::string& phone) {
    const json sent =
        sandbox
            .send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", phone}}},
                                   {"message", {{"type", "text"}, {"content", "Recordatorio"}}}})
            .json();
    return sent["conversationId"];
  }

  Sandbox sandbox;
};

TEST_F(WebhookProcessingTest, ProcessesIncomingMessageWebhookWithinTwoSeconds) {
  const std::string body =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-1", "12015550140", "Ana López", "Sí, confirmo");
  const auto started = std::chrono::steady_clock::now();
  const Reply reply = sandbox.postWebhook(kClinicA, body, kAppSecretA);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["status"], "success");
  EXPECT_TRUE(reply.json()["processedAt"].is_string());
  EXPECT_LT(elapsed, std::chrono::seconds(2));

  // First contact creates the patient (with the profile name) and the conversation.
  ASSERT_TRUE(eventually([&] { return inboundCount() == 1; }));
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM patients WHERE name = 'Ana López' AND "
                                "whatsapp_id = '12015550140'"),
            1);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_conversations WHERE "
                                "channel_identifier = '+12015550140'"),
            1);
}

TEST_F(WebhookProcessingTest, InboundReplyJoinsTheOutboundConversation) {
  const std::string conversation_id = sendAndGetConversation("+12015550141");
  const Reply reply = sandbox.postWebhook(
      kClinicA, inboundWebhook(kPhoneNumberIdA, "wamid.IN-2", "12015550141", "Ana", "Gracias"),
      kAppSecretA);
  ASSERT_EQ(reply.status, 200);
  json conversation;
  ASSERT_TRUE(eventually([&] {
    conversation = sandbox.conversation(sandbox.keyA(), conversation_id).json();
    return conversation["metadata"]["totalMessages"] == 2;
  })) << conversation.dump();
  EXPECT_EQ(conversation["messages"][1]["direction"], "inbound");
  EXPECT_EQ(conversation["messages"][1]["content"], "Gracias");
  EXPECT_EQ(conversation["metadata"]["unreadCount"], 1);
  EXPECT_EQ(conversation["patient"]["name"], "Ana");
}

TEST_F(WebhookProcessingTest, MexicanWaIdWithMobileOneMatchesTheE164Conversation) {
  const std::string conversation_id = sendAndGetConversation("+52 55 1234 5678");
  ASSERT_EQ(sandbox
                .postWebhook(
                    kClinicA,
                    inboundWebhook(kPhoneNumberIdA, "wamid.IN-MX", "5215512345678", "Luis", "Ok"),
                    kAppSecretA)
                .status,
            200);
  ASSERT_TRUE(eventually([&] {
    return sandbox.conversation(sandbox.keyA(), conversation_id)
               .json()["metadata"]["totalMessages"] == 2;
  }));
}

TEST_F(WebhookProcessingTest, WrongOrMissingSignatureIs401AndStoresNothing) {
  const std::string body =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-3", "12015550142", "Eve", "hola");
  const Reply wrong = sandbox.postWebhook(kClinicA, body, "not-the-secret");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json()["error"]["code"], "invalid_signature");
  EXPECT_EQ(sandbox.postWebhook(kClinicA, body, "").status, 401);
  // Clinic B's secret does not open clinic A's endpoint.
  EXPECT_EQ(sandbox.postWebhook(kClinicA, body, kAppSecretB).status, 401);
  // A valid signature over other bytes fails too.
  const Reply tampered = sandbox.call(
      "POST", sandbox.gatewayUrl(std::string("/api/v2/webhooks/whatsapp/") + kClinicA), body + " ",
      {{"X-Hub-Signature-256", security::signHubSignature(kAppSecretA, body)}});
  EXPECT_EQ(tampered.status, 401);
  EXPECT_EQ(webhookRows(), 0);
  EXPECT_EQ(inboundCount(), 0);
}

TEST_F(WebhookProcessingTest, AcceptsTheSpecSignatureHeaderToo) {
  const std::string body =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-4", "12015550143", "Sam", "hola");
  const Reply reply =
      sandbox.call("POST", sandbox.gatewayUrl(std::string("/api/v2/webhooks/whatsapp/") + kClinicA),
                   body, {{"X-Webhook-Signature", security::signHubSignature(kAppSecretA, body)}});
  EXPECT_EQ(reply.status, 200) << reply.body;
}

// Issue 10: a provider's webhooks arrive at /api/v2/webhooks/{provider}/{organizationId}; the
// WhatsApp path of issue 1 stays an alias of Meta's.
TEST_F(WebhookProcessingTest, ProviderPathStoresAndAppliesTheProvidersWebhook) {
  const std::string body =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-P", "12015550144", "Ina", "hola");
  const Reply reply =
      sandbox.call("POST", sandbox.gatewayUrl(std::string("/api/v2/webhooks/meta/") + kClinicA),
                   body, {{"X-Hub-Signature-256", security::signHubSignature(kAppSecretA, body)}});
  ASSERT_EQ(reply.status, 200) << reply.body;
  ASSERT_TRUE(eventually([&] { return inboundCount() == 1; }));
  EXPECT_EQ(sandbox.queryText("SELECT provider FROM webhook_logs"), "meta");
}

TEST_F(WebhookProcessingTest, UnknownProviderIs404JsonAndStoresNothing) {
  const std::string body = inboundWebhook(kPhoneNumberIdA, "wamid.IN-Q", "12015550145", "X", "y");
  for (const char* method : {"POST", "GET"}) {
    const Reply reply = sandbox.call(
        method, sandbox.gatewayUrl(std::string("/api/v2/webhooks/nexmo/") + kClinicA), body,
        {{"X-Hub-Signature-256", security::signHubSignature(kAppSecretA, body)}});
    EXPECT_EQ(reply.status, 404) << method;
    EXPECT_EQ(reply.json()["error"]["code"], "not_found") << method;
  }
  EXPECT_EQ(webhookRows(), 0);
}

TEST_F(WebhookProcessingTest, HandshakeWorksOnTheProviderPathAndTheAlias) {
  for (const std::string segment : {"meta", "whatsapp"}) {
    const std::string path = "/api/v2/webhooks/" + segment + "/" + kClinicA +
                             "?hub.mode=subscribe&hub.challenge=7&hub.verify_token=";
    const Reply right = sandbox.call("GET", sandbox.gatewayUrl(path + kVerifyTokenA));
    EXPECT_EQ(right.status, 200) << segment;
    EXPECT_EQ(right.body, "7") << segment;
    EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl(path + "wrong")).status, 403) << segment;
  }
}

TEST_F(WebhookProcessingTest, SignedMalformedJsonIs400WithPosition) {
  const Reply reply = sandbox.postWebhook(kClinicA, R"({"object": )", kAppSecretA);
  ASSERT_EQ(reply.status, 400);
  EXPECT_EQ(reply.json()["error"]["code"], "malformed_json");
  EXPECT_NE(reply.json()["error"]["message"].get<std::string>().find("byte"), std::string::npos);
  EXPECT_EQ(webhookRows(), 0);
}

// A field name that is not a short snake_case word is stored as "other": it must fit
// webhook_logs.event_type (VARCHAR(50) on PostgreSQL) and is safe to log.
TEST_F(WebhookProcessingTest, OddChangeFieldIsStoredAsOther) {
  const std::string body =
      R"({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [{"field": ")" +
      std::string(80, 'x') + R"(", "value": {}}]}]})";
  const Reply reply = sandbox.postWebhook(kClinicA, body, kAppSecretA);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE event_type = 'other'"), 1);
}

TEST_F(WebhookProcessingTest, SameWebhookTwiceIsProcessedOnce) {
  const std::string body =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-5", "12015550144", "Ana", "una vez");
  const Reply first = sandbox.postWebhook(kClinicA, body, kAppSecretA);
  const Reply second = sandbox.postWebhook(kClinicA, body, kAppSecretA);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(first.json()["duplicate"], false);
  EXPECT_EQ(second.json()["duplicate"], true);
  // The same event redelivered in a different batch (other bytes, same wamid).
  const std::string rebatched =
      inboundWebhook(kPhoneNumberIdA, "wamid.IN-5", "12015550144", "Ana María", "una vez");
  ASSERT_EQ(sandbox.postWebhook(kClinicA, rebatched, kAppSecretA).status, 200);
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") == 0;
  }));
  EXPECT_EQ(webhookRows(), 2);
  EXPECT_EQ(inboundCount(), 1);
}

TEST_F(WebhookProcessingTest, OutOfOrderStatusesNeverMoveBack) {
  // No automatic statuses from the simulator: this test sends them itself.
  ASSERT_EQ(sandbox.simControl("/_sim/webhook-target", {{"statuses", json::array()}}).status, 200);
  const json sent =
      sandbox
          .send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", "+12015550145"}}},
                                 {"message", {{"type", "text"}, {"content", "x"}}}})
          .json();
  const std::string conversation_id = sent["conversationId"];
  const std::string wamid =
      sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["messages"][0]["wamid"];

  for (const char* status : {"read", "delivered", "sent", "delivered"}) {
    ASSERT_EQ(sandbox
                  .postWebhook(kClinicA, statusWebhook(kPhoneNumberIdA, wamid, status, 1767225700),
                               kAppSecretA)
                  .status,
              200);
  }
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") == 0;
  }));
  const json message = sandbox.conversation(sandbox.keyA(), conversation_id).json()["messages"][0];
  EXPECT_EQ(message["status"], "read");
  EXPECT_TRUE(message["readAt"].is_string());

  // failed after read is ignored: failed is terminal only from pending or sent.
  ASSERT_EQ(sandbox
                .postWebhook(kClinicA, statusWebhook(kPhoneNumberIdA, wamid, "failed", 1767225800),
                             kAppSecretA)
                .status,
            200);
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") == 0;
  }));
  EXPECT_EQ(sandbox.conversation(sandbox.keyA(), conversation_id).json()["messages"][0]["status"],
            "read");
}

TEST_F(WebhookProcessingTest, VerificationHandshakeEchoesTheChallenge) {
  const std::string base = sandbox.gatewayUrl(std::string("/api/v2/webhooks/whatsapp/") + kClinicA);
  const Reply ok = sandbox.call(
      "GET",
      base + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + kVerifyTokenA);
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "1158201444");
  const Reply wrong = sandbox.call(
      "GET", base + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope");
  EXPECT_EQ(wrong.status, 403);
}

TEST_F(WebhookProcessingTest, UnknownOrganizationIs404) {
  const Reply reply =
      sandbox.postWebhook("0b7e3c1e-1a2b-4c3d-8e4f-000000000000",
                          statusWebhook(kPhoneNumberIdA, "w", "sent", 1), kAppSecretA);
  EXPECT_EQ(reply.status, 404);
}

}  // namespace
}  // namespace mensajero::testing
