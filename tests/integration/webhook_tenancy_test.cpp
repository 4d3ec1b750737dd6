// Issue 8 item 2: one organization's webhook never changes another organization's messages,
// and webhook deduplication is per organization.
#include <string>

#include <gtest/gtest.h>

#include "integration/metrics_scrape.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

// A Meta webhook with one change per (phone_number_id, value) pair.
std::string webhookOfChanges(const std::vector<json>& values) {
  json changes = json::array();
  for (const json& value : values) changes.push_back({{"field", "messages"}, {"value", value}});
  return json{{"object", "whatsapp_business_account"},
              {"entry", json::array({{{"id", "WABA1"}, {"changes", changes}}})}}
      .dump();
}

json inboundValue(const std::string& phone_number_id, const std::string& wamid,
                  const std::string& from) {
  return {{"messaging_product", "whatsapp"},
          {"metadata", {{"phone_number_id", phone_number_id}}},
          {"contacts", json::array({{{"profile", {{"name", "Paciente"}}}, {"wa_id", from}}})},
          {"messages", json::array({{{"from", from},
                                     {"id", wamid},
                                     {"timestamp", "1767225600"},
                                     {"type", "text"},
                                     {"text", {{"body", "hola"}}}}})}};
}

json statusValue(const std::string& phone_number_id, const std::string& wamid,
                 const std::string& status, const std::string& callback_data = "") {
  json event = {{"id", wamid},
                {"status", status},
                {"timestamp", "1767225700"},
                {"recipient_id", "12015550160"}};
  if (!callback_data.empty()) event["biz_opaque_callback_data"] = callback_data;
  return {{"messaging_product", "whatsapp"},
          {"metadata", {{"phone_number_id", phone_number_id}}},
          {"statuses", json::array({event})}};
}

class WebhookTenancyTest : public ::testing::Test {
 protected:
  void stopAutomaticStatuses() {
    ASSERT_EQ(sandbox.simControl("/_sim/webhook-target", {{"statuses", json::array()}}).status,
              200);
  }

  // Sends a text and returns (our message id, the simulator's wamid).
  std::pair<std::string, std::string> sendText(const std::string& key, const std::string& phone) {
    const Reply sent =
        sandbox.send(key, {{"recipient", {{"type", "phone"}, {"value", phone}}},
                           {"message", {{"type", "text"}, {"content", "Recordatorio"}}}});
    EXPECT_EQ(sent.status, 200) << sent.body;
    const std::string id = sent.json().value("messageId", "");
    std::string wamid;
    EXPECT_TRUE(eventually([&] {
      const json received = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
      for (const json& message : received["messages"]) {
        if (message.value("callback_data", "") == id) wamid = message["wamid"];
      }
      return !wamid.empty();
    }));
    return {id, wamid};
  }

  long long withStatus(const std::string& id, const std::string& status) {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE id = '" + id +
                               "' AND delivery_status = '" + status + "'");
  }

  bool allWebhooksProcessed() {
    return eventually([&] {
      return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") ==
             0;
    });
  }

  // GET /metrics' mensajero_webhook_events_refused_total, by reason.
  json refusedMetrics() {
    const std::string text = scrapeMetrics(sandbox).body;
    auto refused = [&](const std::string& reason) {
      return seriesValue(text, "mensajero_webhook_events_refused_total{reason=\"" + reason + "\"}")
          .value_or(-1);
    };
    return {{"foreignNumber", refused("foreign_number")},
            {"foreignMessage", refused("foreign_message")}};
  }

  Sandbox sandbox;
};

TEST_F(WebhookTenancyTest, StatusSignedByClinicANamingClinicBsMessageChangesNothing) {
  stopAutomaticStatuses();
  const auto [b_id, b_wamid] = sendText(sandbox.keyB(), "+12015550160");
  ASSERT_TRUE(eventually([&] { return withStatus(b_id, "sent") == 1; }));

  // Clinic A's own number and secret, clinic B's message: by wamid, then by our id.
  for (const std::string& body :
       {webhookOfChanges({statusValue(kPhoneNumberIdA, b_wamid, "failed")}),
        webhookOfChanges({statusValue(kPhoneNumberIdA, "wamid.FORGED", "failed", b_id)}),
        webhookOfChanges({statusValue(kPhoneNumberIdB, b_wamid, "read")})}) {
    const Reply reply = sandbox.postWebhook(kClinicA, body, kAppSecretA);
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
  ASSERT_TRUE(allWebhooksProcessed());
  EXPECT_EQ(withStatus(b_id, "sent"), 1);
  json refused;
  EXPECT_TRUE(eventually([&] {
    refused = refusedMetrics();
    return refused["foreignMessage"] == 2 && refused["foreignNumber"] == 1;
  })) << refused.dump();
}

TEST_F(WebhookTenancyTest, SimulatorStatusesForClinicBsNumberAtClinicAsUrlChangeNothing) {
  // The simulator posts every status (sent, delivered, read) to clinic A's URL, signed with
  // clinic A's secret, whichever clinic sent the message.
  const auto [b_id, b_wamid] = sendText(sandbox.keyB(), "+12015550161");
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE organization_id = '" +
                               std::string(kClinicA) + "'") == 3;
  }));
  ASSERT_TRUE(allWebhooksProcessed());
  EXPECT_EQ(withStatus(b_id, "sent"), 1);
  // Counted just after the batch commits: the rows may read as processed a moment earlier.
  EXPECT_TRUE(eventually([&] { return refusedMetrics()["foreignNumber"] == 3; }));
}

TEST_F(WebhookTenancyTest, ClinicAsOwnStatusesStillApply) {
  const auto [a_id, a_wamid] = sendText(sandbox.keyA(), "+12015550162");
  EXPECT_TRUE(eventually([&] { return withStatus(a_id, "read") == 1; }));
  EXPECT_EQ(refusedMetrics()["foreignNumber"], 0);
}

TEST_F(WebhookTenancyTest, IdenticalBytesSignedForEachClinicAreProcessedAtEachEndpoint) {
  const std::string body =
      webhookOfChanges({inboundValue(kPhoneNumberIdA, "wamid.IN-A", "12015550163"),
                        inboundValue(kPhoneNumberIdB, "wamid.IN-B", "12015550164")});
  const Reply at_a = sandbox.postWebhook(kClinicA, body, kAppSecretA);
  const Reply at_b = sandbox.postWebhook(kClinicB, body, kAppSecretB);
  ASSERT_EQ(at_a.status, 200) << at_a.body;
  ASSERT_EQ(at_b.status, 200) << at_b.body;
  EXPECT_EQ(at_a.json()["duplicate"], false);
  EXPECT_EQ(at_b.json()["duplicate"], false);
  // The same bytes again at A are A's duplicate.
  EXPECT_EQ(sandbox.postWebhook(kClinicA, body, kAppSecretA).json()["duplicate"], true);
  ASSERT_TRUE(allWebhooksProcessed());

  // Each clinic got the message on its own number, in a conversation of its own.
  const auto inboundOf = [&](const char* organization_id, const char* wamid) {
    return sandbox.queryNumber(
        "SELECT COUNT(*) FROM messages m JOIN message_conversations c ON c.id = "
        "m.conversation_id WHERE m.direction = 'inbound' AND c.organization_id = '" +
        std::string(organization_id) + "' AND m.external_id = '" + wamid + "'");
  };
  EXPECT_EQ(inboundOf(kClinicA, "wamid.IN-A"), 1);
  EXPECT_EQ(inboundOf(kClinicB, "wamid.IN-B"), 1);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'"), 2);
}

}  // namespace
}  // namespace mensajero::testing
