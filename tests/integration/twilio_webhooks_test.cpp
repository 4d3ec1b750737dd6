// Twilio's webhooks through the provider seam (issue 10 §2): the simulator posts signed
// status callbacks and inbound SMS to /api/v2/webhooks/twilio/{organizationId}, exactly as
// Twilio signs them (X-Twilio-Signature over the URL and the sorted form), and the real
// gateway verifies, stores and applies them.
#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"
#include "support/eventually.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

class TwilioWebhooksTest : public ::testing::Test {
 protected:
  std::string webhookUrl() const {
    return sandbox.gatewayUrl(std::string("/api/v2/webhooks/twilio/") + kClinicA);
  }

  std::string deliveryStatusOf(const std::string& sid) const {
    return sandbox.queryText("SELECT delivery_status FROM messages WHERE external_id = '" + sid +
                             "'");
  }

  Sandbox sandbox{twilioClinic()};
};

TEST_F(TwilioWebhooksTest, SignedStatusCallbacksMoveTheMessageForward) {
  const Reply sent = sandbox.send(
      sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", "+12015550123"}}},
                       {"message", {{"type", "text"}, {"content", "Su cita es mañana"}}}});
  ASSERT_EQ(sent.status, 200) << sent.body;
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
  ASSERT_EQ(recorded["count"], 1) << recorded.dump();
  const std::string sid = recorded["messages"][0]["sid"];
  ASSERT_EQ(deliveryStatusOf(sid), "sent");

  const Reply posted = sandbox.simControl(
      "/_sim/twilio/statuses", {{"sid", sid}, {"statuses", {"delivered"}}, {"url", webhookUrl()}});
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.json()["http_statuses"][0], 200) << posted.body;
  EXPECT_TRUE(eventually([&] { return deliveryStatusOf(sid) == "delivered"; }))
      << deliveryStatusOf(sid);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE provider = 'twilio'"
                                " AND event_type = 'status_callback'"),
            1);
}

TEST_F(TwilioWebhooksTest, AnInboundSmsOpensAnSmsConversationWithItsText) {
  const Reply posted = sandbox.simControl("/_sim/twilio/inbound", {{"from", "+12015550177"},
                                                                   {"to", "+14155238886"},
                                                                   {"body", "Confirmo"},
                                                                   {"url", webhookUrl()}});
  ASSERT_EQ(posted.status, 200) << posted.body;
  EXPECT_EQ(posted.json()["http_status"], 200) << posted.body;
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'") == 1;
  }));
  EXPECT_EQ(sandbox.queryText("SELECT content FROM messages WHERE direction = 'inbound'"),
            "Confirmo");
  EXPECT_EQ(sandbox.queryText("SELECT c.channel_type FROM message_conversations c JOIN messages m"
                              " ON m.conversation_id = c.id WHERE m.direction = 'inbound'"),
            "sms");
  EXPECT_EQ(
      sandbox.queryText("SELECT c.channel_identifier FROM message_conversations c JOIN messages m"
                        " ON m.conversation_id = c.id WHERE m.direction = 'inbound'"),
      "+12015550177");
}

TEST_F(TwilioWebhooksTest, AForgedSignatureIs401AndStoresNothing) {
  const std::string form =
      "MessageSid=SM00000000000000000000000000000099&SmsStatus=received&From=%2B12015550177"
      "&To=%2B14155238886&Body=hola&AccountSid=AC00000000000000000000000000000001";
  const Reply forged = sandbox.call("POST", webhookUrl(), form,
                                    {{"Content-Type", "application/x-www-form-urlencoded"},
                                     {"X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJlIGF0IGFsbA=="}});
  EXPECT_EQ(forged.status, 401) << forged.body;
  const Reply unsigned_post = sandbox.call("POST", webhookUrl(), form,
                                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(unsigned_post.status, 401) << unsigned_post.body;
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs"), 0);
}

}  // namespace
}  // namespace mensajero::testing
