// Issue 9 items 1 and 4: every inbound shape is kept faithfully. A sender known only by a
// business-scoped user id is stored (and merged with the phone conversation later); reactions,
// edits, system notices, unsupported types and errors are events, never blank messages; what
// cannot be kept is logged and counted.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "integration/metrics_scrape.h"
#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

const char* const kThumbsUp = "\xF0\x9F\x91\x8D";

// One change of clinic A's number carrying `message` (and `contacts`).
// A redelivery under another envelope (`entry_id`) is new bytes with the same message, so it
// reaches event deduplication instead of the stored-payload check.
std::string webhookWith(const json& message, const json& contacts = json::array(),
                        const std::string& entry_id = "WABA1") {
  json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberIdA}}},
      {"messages", json::array({message})}};
  if (!contacts.empty()) value["contacts"] = contacts;
  return json({{"object", "whatsapp_business_account"},
               {"entry",
                json::array(
                    {{{"id", entry_id},
                      {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}})
      .dump();
}

json textMessage(const std::string& wamid, const std::string& text) {
  return {{"id", wamid}, {"timestamp", "1767225600"}, {"type", "text"}, {"text", {{"body", text}}}};
}

class InboundEventsTest : public ::testing::Test {
 protected:
  void post(const std::string& body) {
    const Reply reply = sandbox.postWebhook(kClinicA, body, kAppSecretA);
    ASSERT_EQ(reply.status, 200) << reply.body;
  }
  // Posts `body` and waits until the gateway processed every stored webhook. A read that
  // meets the gateway's write (the file is shared) is simply tried again.
  void postAndProcess(const std::string& body) {
    post(body);
    ASSERT_TRUE(eventually([&] {
      try {
        return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") ==
               0;
      } catch (const std::exception&) {
        return false;
      }
    }));
  }
  long long inboundMessages() {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'");
  }
  long long events(const std::string& kind) {
    return sandbox.queryNumber("SELECT COUNT(*) FROM inbound_events WHERE kind = '" + kind + "'");
  }
  json conversation(const std::string& id) {
    return sandbox.conversation(sandbox.keyA(), id).json();
  }
  // GET /metrics' text, for the messages of failed expectations.
  std::string metrics() { return scrapeMetrics(sandbox).body; }
  std::string sendTo(const std::string& phone) {
    return sandbox
        .send(sandbox.keyA(), {{"recipient", {{"type", "phone"}, {"value", phone}}},
                               {"message", {{"type", "text"}, {"content", "Recordatorio"}}}})
        .json()["conversationId"];
  }

  Sandbox sandbox;
};

TEST_F(InboundEventsTest, UserIdOnlyMessageIsStoredAndMergesWithThePhoneConversationLater) {
  json first = textMessage("wamid.U1", "hola");
  first["from_user_id"] = "US.1001";
  const std::string body =
      webhookWith(first, json::array({{{"profile", {{"name", "Ana"}}}, {"user_id", "US.1001"}}}));
  postAndProcess(body);
  ASSERT_EQ(inboundMessages(), 1);
  const std::string user_conversation = sandbox.queryText(
      "SELECT id FROM message_conversations WHERE channel_identifier = 'user:US.1001'");
  json page = conversation(user_conversation);
  ASSERT_EQ(page["messages"].size(), 1u) << page.dump();
  EXPECT_EQ(page["messages"][0]["content"], "hola");
  EXPECT_EQ(page["patient"]["name"], "Ana");

  postAndProcess(webhookWith(first, json::array(), "WABA-RETRY"));  // a replay changes nothing
  EXPECT_EQ(inboundMessages(), 1);

  // The same user, now with the phone number: one conversation holds both.
  const std::string phone_conversation = sendTo("+12015550180");
  json second = textMessage("wamid.U2", "soy yo");
  second["from"] = "12015550180";
  second["from_user_id"] = "US.1001";
  postAndProcess(webhookWith(second));
  page = conversation(phone_conversation);
  ASSERT_EQ(page["metadata"]["totalMessages"], 3) << page.dump();
  EXPECT_EQ(page["messages"][0]["content"], "hola");
  EXPECT_EQ(page["messages"][2]["content"], "soy yo");
  EXPECT_EQ(conversation(user_conversation)["channel"]["status"], "archived");

  // Later messages known only by the user id join the phone conversation.
  json third = textMessage("wamid.U3", "otra vez");
  third["from_user_id"] = "US.1001";
  postAndProcess(webhookWith(third));
  EXPECT_EQ(conversation(phone_conversation)["metadata"]["totalMessages"], 4);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_conversations WHERE "
                                "channel_identifier LIKE 'user:%' AND status = 'active'"),
            0);
}

TEST_F(InboundEventsTest, MessageWithoutAnyUsableSenderIsLoggedAndCounted) {
  postAndProcess(webhookWith(textMessage("wamid.NOSENDER", "hola")));
  EXPECT_EQ(inboundMessages(), 0);
  EXPECT_TRUE(eventually([&] {
    return metricValue(sandbox, "mensajero_inbound_dropped_total{reason=\"no_sender\"}") == 1;
  })) << metrics();
  const std::string log = sandbox.gatewayLog();
  EXPECT_NE(log.find("inbound event dropped"), std::string::npos);
  EXPECT_NE(log.find("wamid.NOSENDER"), std::string::npos);
  EXPECT_EQ(log.find("hola"), std::string::npos);
}

TEST_F(InboundEventsTest, ReactionAttachesToItsMessageAndRemovalClearsIt) {
  const std::string conversation_id = sendTo("+12015550181");
  std::string wamid;
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE external_id IS NOT NULL") == 1;
  }));
  wamid = sandbox.queryText("SELECT external_id FROM messages WHERE direction = 'outbound'");
  const json reaction = {{"from", "12015550181"},
                         {"id", "wamid.R1"},
                         {"timestamp", "1767225600"},
                         {"type", "reaction"},
                         {"reaction", {{"message_id", wamid}, {"emoji", kThumbsUp}}}};
  postAndProcess(webhookWith(reaction));
  json page = conversation(conversation_id);
  ASSERT_EQ(page["metadata"]["totalMessages"], 1) << page.dump();
  ASSERT_EQ(page["messages"][0]["reactions"].size(), 1u) << page.dump();
  EXPECT_EQ(page["messages"][0]["reactions"][0]["emoji"], kThumbsUp);
  EXPECT_EQ(page["messages"][0]["reactions"][0]["from"], "+12015550181");
  ASSERT_EQ(page["events"].size(), 1u);
  EXPECT_EQ(page["events"][0]["kind"], "reaction");

  postAndProcess(webhookWith(reaction, json::array(), "WABA-RETRY"));  // replay
  EXPECT_EQ(events("reaction"), 1);

  json removed = reaction;
  removed["id"] = "wamid.R2";
  removed["reaction"]["emoji"] = "";
  postAndProcess(webhookWith(removed));
  page = conversation(conversation_id);
  EXPECT_EQ(page["metadata"]["totalMessages"], 1);
  EXPECT_FALSE(page["messages"][0].contains("reactions")) << page.dump();
  EXPECT_EQ(inboundMessages(), 0);
}

TEST_F(InboundEventsTest, NumberChangeMovesThePatientAndIsAudited) {
  json hello = textMessage("wamid.N0", "hola");
  hello["from"] = "12015550190";
  postAndProcess(webhookWith(hello));
  const json change = {
      {"from", "12015550190"},
      {"id", "wamid.N1"},
      {"timestamp", "1767225600"},
      {"type", "system"},
      {"system",
       {{"body", "changed"}, {"new_wa_id", "12015550191"}, {"type", "user_changed_number"}}}};
  postAndProcess(webhookWith(change));
  EXPECT_EQ(inboundMessages(), 1);
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM patients WHERE whatsapp_id = '12015550191' "
                                "AND phone = '+12015550191'"),
            1);
  const std::string conversation_id = sandbox.queryText(
      "SELECT id FROM message_conversations WHERE channel_identifier = '+12015550191'");
  const json page = conversation(conversation_id);
  ASSERT_EQ(page["events"].size(), 1u) << page.dump();
  EXPECT_EQ(page["events"][0]["kind"], "number_change");
  EXPECT_EQ(page["events"][0]["detail"]["oldWaId"], "12015550190");
  EXPECT_EQ(page["events"][0]["detail"]["newWaId"], "12015550191");

  postAndProcess(webhookWith(change, json::array(), "WABA-RETRY"));  // replay
  EXPECT_EQ(events("number_change"), 1);
  EXPECT_EQ(inboundMessages(), 1);
}

TEST_F(InboundEventsTest, IdentityChangeIsRecordedAsAnEvent) {
  const json change = {{"from", "12015550192"},
                       {"id", "wamid.I1"},
                       {"timestamp", "1767225600"},
                       {"type", "system"},
                       {"system", {{"body", "changed"}, {"type", "customer_identity_changed"}}}};
  postAndProcess(webhookWith(change));
  EXPECT_EQ(inboundMessages(), 0);
  EXPECT_EQ(events("identity_change"), 1);
}

TEST_F(InboundEventsTest, UnsupportedAndErroredMessagesAreCountedEventsNotMessages) {
  const json unsupported = {
      {"from", "12015550193"},
      {"id", "wamid.X1"},
      {"timestamp", "1767225600"},
      {"type", "unsupported"},
      {"errors", json::array({{{"code", 131051}, {"title", "Message type unknown"}}})}};
  postAndProcess(webhookWith(unsupported));
  json errored = {{"from", "12015550193"},
                  {"id", "wamid.X2"},
                  {"timestamp", "1767225600"},
                  {"type", "interactive"},
                  {"errors", json::array({{{"code", 131000}, {"title", "Something went wrong"}}})}};
  postAndProcess(webhookWith(errored));
  postAndProcess(webhookWith(unsupported, json::array(), "WABA-RETRY"));  // replay
  EXPECT_EQ(inboundMessages(), 0);
  EXPECT_EQ(events("unsupported"), 1);
  EXPECT_EQ(events("error"), 1);
  const std::string conversation_id = sandbox.queryText(
      "SELECT id FROM message_conversations WHERE channel_identifier = '+12015550193'");
  const json page = conversation(conversation_id);
  ASSERT_EQ(page["events"].size(), 2u) << page.dump();
  EXPECT_EQ(page["events"][0]["code"], "meta_131051");
  EXPECT_EQ(page["events"][1]["code"], "meta_131000");
  EXPECT_EQ(page["messages"].size(), 0u);
  EXPECT_TRUE(eventually([&] {
    return metricValue(sandbox, "mensajero_inbound_events_recorded_total") == 2;
  })) << metrics();
}

TEST_F(InboundEventsTest, EditReplacesTheTextAndKeepsTheHistory) {
  json original = textMessage("wamid.E0", "primero");
  original["from"] = "12015550194";
  postAndProcess(webhookWith(original));
  const json edit = {{"from", "12015550194"},
                     {"id", "wamid.E1"},
                     {"timestamp", "1767225700"},
                     {"type", "edit"},
                     {"edit",
                      {{"original_message_id", "wamid.E0"},
                       {"message", {{"type", "text"}, {"text", {{"body", "segundo"}}}}}}}};
  postAndProcess(webhookWith(edit));
  postAndProcess(webhookWith(edit, json::array(), "WABA-RETRY"));  // replay
  const std::string conversation_id = sandbox.queryText(
      "SELECT id FROM message_conversations WHERE channel_identifier = '+12015550194'");
  const json page = conversation(conversation_id);
  ASSERT_EQ(page["messages"].size(), 1u) << page.dump();
  EXPECT_EQ(page["messages"][0]["content"], "segundo");
  ASSERT_EQ(page["messages"][0]["edits"].size(), 1u) << page.dump();
  EXPECT_EQ(page["messages"][0]["edits"][0]["content"], "primero");
  EXPECT_EQ(events("edit"), 1);
}

TEST_F(InboundEventsTest, RevokeIsAnEventLinkedToTheMessageNotABlankMessage) {
  json original = textMessage("wamid.D0", "borrar");
  original["from"] = "12015550195";
  postAndProcess(webhookWith(original));
  const json revoke = {{"from", "12015550195"},
                       {"id", "wamid.D1"},
                       {"timestamp", "1767225700"},
                       {"type", "revoke"},
                       {"revoke", {{"original_message_id", "wamid.D0"}}}};
  postAndProcess(webhookWith(revoke));
  postAndProcess(webhookWith(revoke, json::array(), "WABA-RETRY"));  // replay
  EXPECT_EQ(inboundMessages(), 1);
  EXPECT_EQ(events("revoke"), 1);
  const std::string conversation_id = sandbox.queryText(
      "SELECT id FROM message_conversations WHERE channel_identifier = '+12015550195'");
  const json page = conversation(conversation_id);
  ASSERT_EQ(page["events"].size(), 1u) << page.dump();
  EXPECT_EQ(page["events"][0]["messageId"], page["messages"][0]["id"]);
}

}  // namespace
}  // namespace mensajero::testing
