// Issue 9 items 2 and 3 against the real binary: every non-text inbound kind (media with and
// without a caption, location, contacts, order, WhatsApp Flow answers) is stored with a text
// for people and its structured content, both shown by the conversation API; a replay of the
// same webhooks changes nothing. The fixtures are written here, after the shapes Meta sends.
#include <map>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

constexpr const char* kPatientWaId = "12015550170";

// One Meta webhook carrying `message` from the test patient to clinic A's number.
std::string webhookWith(json message) {
  message["from"] = kPatientWaId;
  message["timestamp"] = "1767225600";
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberIdA}}},
      {"contacts", json::array({{{"profile", {{"name", "Ana"}}}, {"wa_id", kPatientWaId}}})},
      {"messages", json::array({std::move(message)})}};
  const json body = {
      {"object", "whatsapp_business_account"},
      {"entry",
       json::array({{{"id", "100000000000001"},
                     {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}};
  return body.dump();
}

json media(const char* id, json extra = json::object()) {
  json object = {{"id", id}, {"mime_type", "image/jpeg"}, {"sha256", "c2hhMjU2"}};
  object.update(extra);
  return object;
}

class InboundContentTest : public ::testing::Test {
 protected:
  // Posts every body, then waits until the conversation holds `expected_total` messages and
  // no webhook is left to process; returns the conversation's inbound messages by externalId
  // (the outbound one that opened it moves on by itself as the simulator's statuses arrive).
  std::map<std::string, json> postAll(const std::vector<std::string>& bodies, int expected_total) {
    for (const auto& body : bodies) {
      const Reply reply = sandbox.postWebhook(kClinicA, body, kAppSecretA);
      EXPECT_EQ(reply.status, 200) << reply.body;
    }
    json conversation;
    EXPECT_TRUE(eventually([&] {
      conversation = sandbox.conversation(sandbox.keyA(), conversation_id).json();
      return conversation["metadata"]["totalMessages"] == expected_total &&
             sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE status = 'received'") ==
                 0;
    })) << conversation.dump();
    conversation = sandbox.conversation(sandbox.keyA(), conversation_id).json();
    std::map<std::string, json> by_external_id;
    for (const json& message : conversation["messages"]) {
      if (message["direction"] == "inbound" && message["externalId"].is_string()) {
        by_external_id[message["externalId"]] = message;
      }
    }
    return by_external_id;
  }

  void SetUp() override {
    const json sent =
        sandbox
            .send(sandbox.keyA(),
                  {{"recipient", {{"type", "phone"}, {"value", std::string("+") + kPatientWaId}}},
                   {"message", {{"type", "text"}, {"content", "Recordatorio"}}}})
            .json();
    conversation_id = sent["conversationId"];
  }

  long long blankInbound() {
    return sandbox.queryNumber(
        "SELECT COUNT(*) FROM messages WHERE direction = 'inbound' AND content = ''");
  }

  Sandbox sandbox;
  std::string conversation_id;
};

TEST_F(InboundContentTest, MediaIsKeptWithItsMetadataAndATypedPlaceholder) {
  const std::vector<std::string> bodies = {
      webhookWith({{"id", "wamid.IMG"}, {"type", "image"}, {"image", media("m-img")}}),
      webhookWith({{"id", "wamid.IMG-CAP"},
                   {"type", "image"},
                   {"image", media("m-cap", {{"caption", "la receta"}})}}),
      webhookWith({{"id", "wamid.AUD"},
                   {"type", "audio"},
                   {"audio", media("m-aud", {{"mime_type", "audio/mpeg"}})}}),
      webhookWith({{"id", "wamid.VOICE"},
                   {"type", "audio"},
                   {"audio",
                    media("m-voice", {{"mime_type", "audio/ogg; codecs=opus"}, {"voice", true}})}}),
      webhookWith({{"id", "wamid.VID"},
                   {"type", "video"},
                   {"video", media("m-vid", {{"mime_type", "video/mp4"}})}}),
      webhookWith({{"id", "wamid.DOC"},
                   {"type", "document"},
                   {"document", media("m-doc", {{"mime_type", "application/pdf"},
                                                {"filename", "estudios.pdf"}})}}),
      webhookWith({{"id", "wamid.STK"},
                   {"type", "sticker"},
                   {"sticker", media("m-stk", {{"mime_type", "image/webp"}, {"animated", true}})}}),
  };
  auto messages = postAll(bodies, 1 + static_cast<int>(bodies.size()));

  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"wamid.IMG", {"[image]", "image"}},    {"wamid.IMG-CAP", {"la receta", "image"}},
      {"wamid.AUD", {"[audio]", "audio"}},    {"wamid.VOICE", {"[voice message]", "voice"}},
      {"wamid.VID", {"[video]", "video"}},    {"wamid.DOC", {"estudios.pdf", "document"}},
      {"wamid.STK", {"[sticker]", "sticker"}}};
  for (const auto& [wamid, text_and_kind] : expected) {
    const json& message = messages[wamid];
    EXPECT_EQ(message["type"], "media") << wamid;
    EXPECT_EQ(message["content"], text_and_kind.first) << wamid;
    EXPECT_EQ(message["structuredContent"]["kind"], text_and_kind.second) << wamid;
    EXPECT_EQ(message["structuredContent"]["sha256"], "c2hhMjU2") << wamid;
  }
  EXPECT_EQ(messages["wamid.IMG"]["structuredContent"]["mediaId"], "m-img");
  EXPECT_EQ(messages["wamid.IMG"]["structuredContent"]["mimeType"], "image/jpeg");
  EXPECT_EQ(messages["wamid.IMG-CAP"]["structuredContent"]["caption"], "la receta");
  EXPECT_EQ(messages["wamid.VOICE"]["structuredContent"]["mimeType"], "audio/ogg; codecs=opus");
  EXPECT_EQ(messages["wamid.DOC"]["structuredContent"]["filename"], "estudios.pdf");
  EXPECT_EQ(messages["wamid.STK"]["structuredContent"]["animated"], true);
  EXPECT_EQ(blankInbound(), 0);

  // The same webhooks again: nothing new, nothing changed.
  EXPECT_EQ(postAll(bodies, 1 + static_cast<int>(bodies.size())), messages);
}

TEST_F(InboundContentTest, LocationContactsOrderAndFlowAnswersAreKeptStructured) {
  const json flow_answers = {{"pain_level", "3"}, {"flow_token", "t-1"}};
  const std::vector<std::string> bodies = {
      webhookWith({{"id", "wamid.LOC"},
                   {"type", "location"},
                   {"location",
                    {{"latitude", 19.4326},
                     {"longitude", -99.1332},
                     {"name", "Clinica Norte"},
                     {"address", "Av. Reforma 1"},
                     {"url", "https://maps.example.invalid/p"}}}}),
      webhookWith(
          {{"id", "wamid.CON"},
           {"type", "contacts"},
           {"contacts",
            json::array({{{"name", {{"formatted_name", "Elena Ruiz"}, {"first_name", "Elena"}}},
                          {"org", {{"company", "Clinica Sur"}}},
                          {"phones", json::array({{{"phone", "+52 55 0000 0001"},
                                                   {"wa_id", "525500000001"},
                                                   {"type", "CELL"}}})},
                          {"emails", json::array({{{"email", "e@example.invalid"}}})}}})}}),
      webhookWith({{"id", "wamid.ORD"},
                   {"type", "order"},
                   {"order",
                    {{"catalog_id", "cat-7"},
                     {"text", ""},
                     {"product_items", json::array({{{"product_retailer_id", "VITAMIN-D"},
                                                     {"quantity", 2},
                                                     {"item_price", 12.5},
                                                     {"currency", "MXN"}}})}}}}),
      webhookWith(
          {{"id", "wamid.FLOW"},
           {"type", "interactive"},
           {"interactive",
            {{"type", "nfm_reply"},
             {"nfm_reply",
              {{"name", "flow"}, {"body", "Sent"}, {"response_json", flow_answers.dump()}}}}}}),
  };
  auto messages = postAll(bodies, 1 + static_cast<int>(bodies.size()));

  const json& location = messages["wamid.LOC"];
  EXPECT_EQ(location["content"], "[location] Clinica Norte, Av. Reforma 1 (19.4326, -99.1332)");
  EXPECT_EQ(location["structuredContent"]["kind"], "location");
  EXPECT_EQ(location["structuredContent"]["latitude"], 19.4326);
  EXPECT_EQ(location["structuredContent"]["longitude"], -99.1332);
  EXPECT_EQ(location["structuredContent"]["url"], "https://maps.example.invalid/p");

  const json& contacts = messages["wamid.CON"];
  EXPECT_EQ(contacts["content"], "[contact] Elena Ruiz +52 55 0000 0001");
  const json& card = contacts["structuredContent"]["contacts"][0];
  EXPECT_EQ(card["formattedName"], "Elena Ruiz");
  EXPECT_EQ(card["company"], "Clinica Sur");
  EXPECT_EQ(card["phones"][0]["waId"], "525500000001");
  EXPECT_EQ(card["emails"][0]["email"], "e@example.invalid");

  const json& order = messages["wamid.ORD"];
  EXPECT_EQ(order["content"], "[order] 2 x VITAMIN-D @ 12.5 MXN");
  EXPECT_EQ(order["structuredContent"]["catalogId"], "cat-7");
  EXPECT_EQ(order["structuredContent"]["items"][0]["quantity"], 2);
  EXPECT_EQ(order["structuredContent"]["items"][0]["itemPrice"], 12.5);
  EXPECT_EQ(order["structuredContent"]["items"][0]["currency"], "MXN");

  const json& flow = messages["wamid.FLOW"];
  EXPECT_EQ(flow["type"], "interactive");
  EXPECT_EQ(flow["content"], "[form reply] Sent");
  EXPECT_EQ(flow["structuredContent"]["kind"], "flow_reply");
  EXPECT_EQ(flow["structuredContent"]["name"], "flow");
  EXPECT_EQ(flow["structuredContent"]["response"], flow_answers);
  EXPECT_EQ(blankInbound(), 0);

  EXPECT_EQ(postAll(bodies, 1 + static_cast<int>(bodies.size())), messages);
}

TEST_F(InboundContentTest, TextMessagesHaveNoStructuredContent) {
  auto messages =
      postAll({inboundWebhook(kPhoneNumberIdA, "wamid.TXT", kPatientWaId, "Ana", "hola")}, 2);
  EXPECT_EQ(messages["wamid.TXT"]["content"], "hola");
  EXPECT_TRUE(messages["wamid.TXT"]["structuredContent"].is_null());
}

TEST_F(InboundContentTest, OversizedFlowAnswersAreLeftOutButTheMessageIsKept) {
  const json huge = {{"note", std::string(70 * 1024, 'a')}};
  auto messages = postAll(
      {webhookWith({{"id", "wamid.BIG"},
                    {"type", "interactive"},
                    {"interactive",
                     {{"type", "nfm_reply"},
                      {"nfm_reply",
                       {{"name", "flow"}, {"body", "Sent"}, {"response_json", huge.dump()}}}}}})},
      2);
  EXPECT_EQ(messages["wamid.BIG"]["content"], "[form reply] Sent");
  EXPECT_TRUE(messages["wamid.BIG"]["structuredContent"]["response"].is_null());
  EXPECT_EQ(messages["wamid.BIG"]["structuredContent"]["truncated"], true);
  EXPECT_TRUE(eventually([&] {
    return sandbox.gatewayLog().find("inbound content cut to its bounds: message wamid.BIG") !=
           std::string::npos;
  }));
  EXPECT_EQ(sandbox.gatewayLog().find(std::string(64, 'a')), std::string::npos);
}

// PostgreSQL's jsonb refuses a \u0000 escape; one in the answers must not hold up the batch.
TEST_F(InboundContentTest, NulInFlowAnswersIsDroppedAndTheMessageStored) {
  const json answers = {{"note", std::string("a\0b", 3)}, {std::string("k\0", 2), "v"}};
  auto messages =
      postAll({webhookWith(
                  {{"id", "wamid.NUL"},
                   {"type", "interactive"},
                   {"interactive",
                    {{"type", "nfm_reply"},
                     {"nfm_reply",
                      {{"name", "flow"}, {"body", "Sent"}, {"response_json", answers.dump()}}}}}})},
              2);
  EXPECT_EQ(messages["wamid.NUL"]["structuredContent"]["response"],
            json({{"note", "ab"}, {"k", "v"}}));
}

}  // namespace
}  // namespace mensajero::testing
