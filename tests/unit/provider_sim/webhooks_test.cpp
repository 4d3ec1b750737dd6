#include <chrono>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "security/webhook_signature.h"
#include "unit/provider_sim/sim_fixture.h"

namespace mensajero::provider_sim::testing {
namespace {

class WebhooksTest : public SimFixture {
 protected:
  // Waits (up to 5 s) until the simulator has no queued webhook left; returns the counts.
  nlohmann::json idleCounts() {
    const Reply reply = call("GET", "/_sim/webhooks?wait_idle_ms=5000");
    EXPECT_EQ(reply.json["idle"], true);
    return reply.json;
  }

  static void expectSigned(const FakeGateway::Delivery& delivery) {
    EXPECT_TRUE(security::verifyHubSignature(kAppSecret, delivery.body, delivery.signature))
        << delivery.signature;
    EXPECT_EQ(delivery.content_type, "application/json");
  }
};

TEST_F(WebhooksTest, StatusWebhooksArriveInOrderSignedWithCallbackData) {
  const Reply sent = sendText("+5215512345678", "Hola", "msg_01HZX");
  ASSERT_EQ(sent.status, 200);
  const std::string wamid = sent.json["messages"][0]["id"];

  const auto deliveries = gateway_.waitForAccepted(3);
  ASSERT_EQ(deliveries.size(), 3u);
  const char* expected[] = {"sent", "delivered", "read"};
  for (std::size_t i = 0; i < deliveries.size(); ++i) {
    expectSigned(deliveries[i]);
    const nlohmann::json payload = deliveries[i].json();
    EXPECT_EQ(payload["object"], "whatsapp_business_account");
    EXPECT_EQ(payload["entry"][0]["id"], "SIMWABA");
    EXPECT_EQ(payload["entry"][0]["changes"][0]["field"], "messages");
    const nlohmann::json value = deliveries[i].value();
    EXPECT_EQ(value["messaging_product"], "whatsapp");
    EXPECT_EQ(value["metadata"]["phone_number_id"], kPhoneNumberId);
    EXPECT_TRUE(value["metadata"]["display_phone_number"].is_string());
    const nlohmann::json status = value["statuses"][0];
    EXPECT_EQ(status["id"], wamid);
    EXPECT_EQ(status["status"], expected[i]);
    EXPECT_TRUE(status["timestamp"].is_string());
    EXPECT_EQ(status["recipient_id"], "5215512345678");
    EXPECT_EQ(status["biz_opaque_callback_data"], "msg_01HZX");
  }
  const nlohmann::json counts = idleCounts();
  EXPECT_EQ(counts["delivered"], 3);
  EXPECT_EQ(counts["failed"], 0);
}

TEST_F(WebhooksTest, StatusWebhooksOmitCallbackDataWhenNoneWasSent) {
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);
  const auto deliveries = gateway_.waitForAccepted(1);
  ASSERT_FALSE(deliveries.empty());
  EXPECT_FALSE(deliveries[0].value()["statuses"][0].contains("biz_opaque_callback_data"));
}

TEST_F(WebhooksTest, FailedDeliveryIsRetriedUntilTheGatewayAccepts) {
  gateway_.failNext(2, 500);
  ASSERT_EQ(post("/_sim/webhook-target", {{"statuses", {"sent"}}}).status, 200);
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);

  const auto accepted = gateway_.waitForAccepted(1);
  ASSERT_EQ(accepted.size(), 1u);
  const auto all = gateway_.all();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].answered, 500u);
  EXPECT_EQ(all[1].answered, 500u);
  // Every attempt carries the same bytes and signature.
  EXPECT_EQ(all[0].body, accepted[0].body);
  EXPECT_EQ(all[0].signature, accepted[0].signature);
  const nlohmann::json counts = idleCounts();
  EXPECT_EQ(counts["delivered"], 1);
  EXPECT_EQ(counts["failed"], 0);
}

TEST_F(WebhooksTest, DeliveryCountsAsFailedAfterFiveAttempts) {
  gateway_.failNext(100, 503);
  ASSERT_EQ(post("/_sim/webhook-target", {{"statuses", {"sent"}}}).status, 200);
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);

  const nlohmann::json counts = idleCounts();
  EXPECT_EQ(counts["failed"], 1);
  EXPECT_EQ(counts["delivered"], 0);
  EXPECT_EQ(gateway_.all().size(), 5u);
}

TEST_F(WebhooksTest, NoWebhooksWithoutATargetUrl) {
  ASSERT_EQ(post("/_sim/webhook-target", {{"url", ""}}).status, 200);
  ASSERT_EQ(sendText("5215512345678", "Hola").status, 200);
  const nlohmann::json counts = call("GET", "/_sim/webhooks").json;
  EXPECT_EQ(counts["pending"], 0);
  EXPECT_EQ(counts["delivered"], 0);
  EXPECT_EQ(post("/_sim/inbound", {{"phone_number_id", "1"}, {"from", "52"}, {"text", "x"}}).status,
            409);
}

TEST_F(WebhooksTest, InboundBuildsASignedMetaTextWebhook) {
  const Reply reply = post("/_sim/inbound", {{"phone_number_id", kPhoneNumberId},
                                             {"from", "5215512345678"},
                                             {"name", "Ana López"},
                                             {"text", "Sí, confirmo"},
                                             {"wamid", "wamid.IN1"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["wamid"], "wamid.IN1");
  EXPECT_EQ(reply.json["http_status"], 200);

  const auto deliveries = gateway_.waitForAccepted(1);
  ASSERT_EQ(deliveries.size(), 1u);
  const auto& delivery = deliveries[0];
  expectSigned(delivery);
  EXPECT_EQ(reply.json["payload"], delivery.body);
  EXPECT_EQ(reply.json["signature"], delivery.signature);
  // Meta escapes non-ASCII on the wire and signs those bytes.
  EXPECT_NE(delivery.body.find("L\\u00f3pez"), std::string::npos) << delivery.body;

  const nlohmann::json payload = delivery.json();
  EXPECT_EQ(payload["object"], "whatsapp_business_account");
  EXPECT_EQ(payload["entry"][0]["id"], "SIMWABA");
  EXPECT_EQ(payload["entry"][0]["changes"][0]["field"], "messages");
  const nlohmann::json value = delivery.value();
  EXPECT_EQ(value["metadata"]["phone_number_id"], kPhoneNumberId);
  EXPECT_TRUE(value["metadata"]["display_phone_number"].is_string());
  EXPECT_EQ(value["contacts"][0]["profile"]["name"], "Ana López");
  EXPECT_EQ(value["contacts"][0]["wa_id"], "5215512345678");
  const nlohmann::json message = value["messages"][0];
  EXPECT_EQ(message["from"], "5215512345678");
  EXPECT_EQ(message["id"], "wamid.IN1");
  EXPECT_TRUE(message["timestamp"].is_string());
  EXPECT_EQ(message["type"], "text");
  EXPECT_EQ(message["text"]["body"], "Sí, confirmo");
}

TEST_F(WebhooksTest, InboundReportsTheGatewayStatus) {
  gateway_.failNext(1, 401);
  const Reply reply =
      post("/_sim/inbound",
           {{"phone_number_id", kPhoneNumberId}, {"from", "5215512345678"}, {"text", "Hola"}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["http_status"], 401);
  EXPECT_EQ(reply.json["wamid"].get<std::string>().rfind("wamid.SIMIN", 0), 0u);
}

TEST_F(WebhooksTest, StatusesAreSentInTheRequestedOrder) {
  ASSERT_EQ(post("/_sim/webhook-target", {{"statuses", nlohmann::json::array()}}).status, 200);
  const Reply sent = sendText("5215512345678", "Hola", "msg_02");
  const std::string wamid = sent.json["messages"][0]["id"];

  const Reply reply =
      post("/_sim/statuses", {{"wamid", wamid}, {"statuses", {"read", "delivered"}}});
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json["http_statuses"], nlohmann::json::array({200, 200}));

  const auto deliveries = gateway_.all();
  ASSERT_EQ(deliveries.size(), 2u);
  const char* expected[] = {"read", "delivered"};
  for (std::size_t i = 0; i < 2; ++i) {
    expectSigned(deliveries[i]);
    const nlohmann::json status = deliveries[i].value()["statuses"][0];
    EXPECT_EQ(status["id"], wamid);
    EXPECT_EQ(status["status"], expected[i]);
    EXPECT_EQ(status["recipient_id"], "5215512345678");
    EXPECT_EQ(status["biz_opaque_callback_data"], "msg_02");
  }
}

TEST_F(WebhooksTest, FailedStatusCarriesTheErrorCode) {
  const Reply reply = post("/_sim/statuses", {{"wamid", "wamid.OTHER"},
                                              {"phone_number_id", kPhoneNumberId},
                                              {"recipient_id", "5215512345678"},
                                              {"statuses", {"failed"}},
                                              {"error_code", 131047}});
  ASSERT_EQ(reply.status, 200);
  const auto deliveries = gateway_.all();
  ASSERT_EQ(deliveries.size(), 1u);
  const nlohmann::json status = deliveries[0].value()["statuses"][0];
  EXPECT_EQ(status["status"], "failed");
  EXPECT_EQ(status["errors"][0]["code"], 131047);
}

TEST_F(WebhooksTest, StatusesForAnUnknownWamidNeedAPhoneNumberId) {
  EXPECT_EQ(post("/_sim/statuses", {{"wamid", "wamid.X"}, {"statuses", {"read"}}}).status, 400);
  EXPECT_EQ(post("/_sim/statuses",
                 {{"wamid", "wamid.X"}, {"statuses", {"seen"}}, {"phone_number_id", "1"}})
                .status,
            400);
}

}  // namespace
}  // namespace mensajero::provider_sim::testing
