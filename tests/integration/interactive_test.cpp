// Issue 11 item 6 against the real binary and the simulator: reply buttons and lists go out in
// Graph's interactive shape (and the simulator, which checks Meta's limits, accepts them at
// those limits), every limit is refused with its own code before anything is stored or sent,
// the patient's taps (button_reply, list_reply, a template's quick reply, Twilio's
// ButtonPayload) are stored with their ids and linked to the question, and an interactive
// message that falls back to SMS carries its options as numbered text. The payloads are
// written here after the shapes in providers.md §1.2 and §1.5.
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"
#include "support/eventually.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

constexpr const char* kPatient = "+12015550140";
constexpr const char* kPatientWaId = "12015550140";

std::string repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

json interactiveTo(const std::string& phone, json content) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "interactive"}, {"content", std::move(content)}}}};
}

json confirmButtons() {
  return json::parse(R"({"type":"button","header":{"type":"text","text":"Clínica Norte"},
    "body":"¿Confirma su cita del martes 10:30?","footer":"Responda con un botón",
    "buttons":[{"id":"appt_778_yes","title":"Confirmo"},{"id":"appt_778_no","title":"Cancelar"}]})");
}

json slotList() {
  return json::parse(
      R"({"type":"list","body":"Elija un horario para su estudio","button":"Horarios",
    "sections":[{"title":"Lunes","rows":[{"id":"slot_1","title":"09:00","description":"Dr. Ruiz"},
                                         {"id":"slot_2","title":"10:00"}]},
                {"title":"Martes","rows":[{"id":"slot_3","title":"11:00"}]}]})");
}

json simMessages(Sandbox& sandbox) {
  return sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
}

// One Meta webhook carrying `message` from the test patient to clinic A's number.
std::string webhookWith(json message) {
  message["from"] = kPatientWaId;
  message["timestamp"] = "1767225600";
  const json value = {
      {"messaging_product", "whatsapp"},
      {"metadata", {{"display_phone_number", "15550001111"}, {"phone_number_id", kPhoneNumberIdA}}},
      {"contacts", json::array({{{"profile", {{"name", "Ana"}}}, {"wa_id", kPatientWaId}}})},
      {"messages", json::array({std::move(message)})}};
  return json{
      {"object", "whatsapp_business_account"},
      {"entry",
       json::array({{{"id", "100000000000001"},
                     {"changes", json::array({{{"field", "messages"}, {"value", value}}})}}})}}
      .dump();
}

class InteractiveTest : public ::testing::Test {
 protected:
  Sandbox sandbox;
};

TEST_F(InteractiveTest, ReplyButtonsGoOutInGraphsInteractiveShape) {
  const Reply reply = sandbox.send(sandbox.keyA(), interactiveTo(kPatient, confirmButtons()));
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["status"], "sent");
  const std::string id = reply.json()["messageId"];

  const json recorded = simMessages(sandbox);
  ASSERT_EQ(recorded["count"], 1) << recorded.dump();
  EXPECT_EQ(recorded["messages"][0]["request"], json::parse(R"({"messaging_product":"whatsapp",
    "recipient_type":"individual","to":"+12015550140","type":"interactive",
    "biz_opaque_callback_data":")" + id + R"(","interactive":{"type":"button",
      "header":{"type":"text","text":"Clínica Norte"},
      "body":{"text":"¿Confirma su cita del martes 10:30?"},
      "footer":{"text":"Responda con un botón"},
      "action":{"buttons":[{"type":"reply","reply":{"id":"appt_778_yes","title":"Confirmo"}},
                           {"type":"reply","reply":{"id":"appt_778_no","title":"Cancelar"}}]}}})"));

  // The conversation shows the body, what the patient read.
  const json conversation =
      sandbox.conversation(sandbox.keyA(), reply.json()["conversationId"]).json();
  EXPECT_EQ(conversation["messages"][0]["type"], "interactive");
  EXPECT_EQ(conversation["messages"][0]["content"], "¿Confirma su cita del martes 10:30?");
  EXPECT_EQ(sandbox.queryText("SELECT message_type FROM messages WHERE id = '" + id + "'"),
            "interactive");
}

TEST_F(InteractiveTest, AListGoesOutWithItsSectionsAndRows) {
  const Reply reply = sandbox.send(sandbox.keyA(), interactiveTo(kPatient, slotList()));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json recorded = simMessages(sandbox);
  ASSERT_EQ(recorded["count"], 1) << recorded.dump();
  EXPECT_EQ(recorded["messages"][0]["request"]["interactive"], json::parse(R"({"type":"list",
    "body":{"text":"Elija un horario para su estudio"},
    "action":{"button":"Horarios","sections":[
      {"title":"Lunes","rows":[{"id":"slot_1","title":"09:00","description":"Dr. Ruiz"},
                               {"id":"slot_2","title":"10:00"}]},
      {"title":"Martes","rows":[{"id":"slot_3","title":"11:00"}]}]}})"));
}

// Right at every limit, in multi-byte characters: the gateway's count and Meta's agree, so the
// simulator (which refuses what Meta refuses) accepts both.
TEST_F(InteractiveTest, MessagesAtMetasLimitsAreAcceptedByTheSimulatedMeta) {
  json buttons = {{"type", "button"},
                  {"header",
                   {{"type", "document"},
                    {"link", "https://clinic.example/r/ab12.pdf"},
                    {"filename", "cita.pdf"}}},
                  {"body", repeat("ñ", 1024)},
                  {"footer", repeat("é", 60)},
                  {"buttons", json::array()}};
  for (const char* id : {"a", "b", "c"}) {
    buttons["buttons"].push_back(
        {{"id", std::string(id) + repeat("i", 255)}, {"title", repeat("ó", 20)}});
  }
  json list = {{"type", "list"},
               {"header", {{"type", "text"}, {"text", "Citas"}}},
               {"body", repeat("á", 4096)},
               {"button", repeat("ú", 20)},
               {"sections", json::array()}};
  for (int section = 0; section < 2; ++section) {
    json rows = json::array();
    for (int row = 0; row < 5; ++row) {
      rows.push_back({{"id", std::to_string(section * 5 + row) + repeat("r", 190)},
                      {"title", repeat("í", 24)},
                      {"description", repeat("ü", 72)}});
    }
    list["sections"].push_back({{"title", repeat("s", 24)}, {"rows", rows}});
  }
  for (const json& content : {buttons, list}) {
    const Reply reply = sandbox.send(sandbox.keyA(), interactiveTo(kPatient, content));
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.json()["status"], "sent") << reply.body;
  }
  EXPECT_EQ(simMessages(sandbox)["count"], 2);
}

TEST_F(InteractiveTest, EveryLimitIsRefusedWithItsOwnCodeAndNothingIsSent) {
  using Change = std::function<void(json&)>;
  const std::vector<std::tuple<const char*, json, Change>> cases = {
      {"too_many_buttons", confirmButtons(),
       [](json& c) {
         c["buttons"].push_back({{"id", "x"}, {"title", "X"}});
         c["buttons"].push_back({{"id", "y"}, {"title", "Y"}});
       }},
      {"no_buttons", confirmButtons(), [](json& c) { c["buttons"] = json::array(); }},
      {"button_title_too_long", confirmButtons(),
       [](json& c) { c["buttons"][0]["title"] = repeat("ñ", 21); }},
      {"button_id_too_long", confirmButtons(),
       [](json& c) { c["buttons"][0]["id"] = repeat("i", 257); }},
      {"duplicate_button_id", confirmButtons(),
       [](json& c) { c["buttons"][1]["id"] = "appt_778_yes"; }},
      {"interactive_body_required", confirmButtons(), [](json& c) { c.erase("body"); }},
      {"interactive_body_too_long", confirmButtons(),
       [](json& c) { c["body"] = repeat("a", 1025); }},
      {"interactive_footer_too_long", confirmButtons(),
       [](json& c) { c["footer"] = repeat("f", 61); }},
      {"invalid_interactive_header", slotList(),
       [](json& c) {
         c["header"] = {{"type", "image"}, {"link", "https://clinic.example/a.png"}};
       }},
      {"invalid_interactive_type", confirmButtons(), [](json& c) { c["type"] = "carousel"; }},
      {"too_many_rows", slotList(),
       [](json& c) {
         for (int i = 0; i < 8; ++i) {
           c["sections"][1]["rows"].push_back(
               {{"id", "extra_" + std::to_string(i)}, {"title", "T"}});
         }
       }},
      {"too_many_sections", slotList(),
       [](json& c) {
         for (int i = 0; i < 9; ++i) {
           c["sections"].push_back({{"title", "S"}, {"rows", json::array()}});
         }
       }},
      {"row_title_too_long", slotList(),
       [](json& c) { c["sections"][0]["rows"][0]["title"] = repeat("t", 25); }},
      {"row_id_too_long", slotList(),
       [](json& c) { c["sections"][0]["rows"][0]["id"] = repeat("i", 201); }},
      {"row_description_too_long", slotList(),
       [](json& c) { c["sections"][0]["rows"][0]["description"] = repeat("d", 73); }},
      {"duplicate_row_id", slotList(),
       [](json& c) { c["sections"][1]["rows"][0]["id"] = "slot_1"; }},
      {"list_button_too_long", slotList(), [](json& c) { c["button"] = repeat("b", 21); }},
      {"invalid_content", confirmButtons(),
       [](json& c) { c["buttons"][0]["title"] = std::string("No\0pe", 5); }},
      {"invalid_request", confirmButtons(), [](json& c) { c["buttons"][0]["title"] = 7; }},
  };
  for (const auto& [code, base, change] : cases) {
    json content = base;
    change(content);
    const Reply reply = sandbox.send(sandbox.keyA(), interactiveTo(kPatient, content));
    // A wrong JSON type is a malformed request (400), like any other field's.
    EXPECT_EQ(reply.status, std::string(code) == "invalid_request" ? 400 : 422)
        << code << ": " << reply.body;
    EXPECT_EQ(reply.json()["error"]["code"], code) << reply.body;
  }
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM messages"), 0);
  EXPECT_EQ(simMessages(sandbox)["count"], 0);
}

// The patient answers a question of ours three ways; each tap is stored with the id the
// clinic's system acts on, its title as the text, and a link to the question.
TEST_F(InteractiveTest, TapsAreStoredWithTheirIdsAndLinkedToTheQuestion) {
  const Reply sent = sandbox.send(sandbox.keyA(), interactiveTo(kPatient, confirmButtons()));
  ASSERT_EQ(sent.status, 200) << sent.body;
  const std::string question_id = sent.json()["messageId"];
  const std::string conversation_id = sent.json()["conversationId"];
  const std::string wamid = simMessages(sandbox)["messages"][0]["wamid"];
  const json context = {{"from", "15550001111"}, {"id", wamid}};

  const std::vector<json> taps = {
      {{"id", "wamid.TAP1"},
       {"context", context},
       {"type", "interactive"},
       {"interactive",
        {{"type", "button_reply"},
         {"button_reply", {{"id", "appt_778_yes"}, {"title", "Confirmo"}}}}}},
      {{"id", "wamid.TAP2"},
       {"context", context},
       {"type", "interactive"},
       {"interactive",
        {{"type", "list_reply"},
         {"list_reply", {{"id", "slot_1"}, {"title", "09:00"}, {"description", "Dr. Ruiz"}}}}}},
      {{"id", "wamid.TAP3"},
       {"context", context},
       {"type", "button"},
       {"button", {{"payload", "CONFIRM:appt_778"}, {"text", "Confirmar"}}}},
  };
  for (const json& tap : taps) {
    const Reply posted = sandbox.postWebhook(kClinicA, webhookWith(tap), kAppSecretA);
    ASSERT_EQ(posted.status, 200) << posted.body;
  }
  json conversation;
  ASSERT_TRUE(eventually([&] {
    conversation = sandbox.conversation(sandbox.keyA(), conversation_id).json();
    return conversation["metadata"]["totalMessages"] == 4;
  })) << conversation.dump();

  std::map<std::string, json> by_external_id;
  for (const json& message : conversation["messages"]) {
    if (message["direction"] == "inbound") by_external_id[message["externalId"]] = message;
  }
  const std::vector<std::tuple<const char*, const char*, const char*, const char*>> expected = {
      {"wamid.TAP1", "button_reply", "appt_778_yes", "Confirmo"},
      {"wamid.TAP2", "list_reply", "slot_1", "09:00"},
      {"wamid.TAP3", "button", "CONFIRM:appt_778", "Confirmar"}};
  for (const auto& [external_id, source, id, title] : expected) {
    const json& message = by_external_id[external_id];
    EXPECT_EQ(message["type"], "interactive") << external_id;
    EXPECT_EQ(message["content"], title) << external_id;
    EXPECT_EQ(message["structuredContent"]["kind"], "reply") << external_id;
    EXPECT_EQ(message["structuredContent"]["inReplyTo"], wamid) << external_id;
    EXPECT_EQ(message["reply"]["id"], id) << message.dump();
    EXPECT_EQ(message["reply"]["title"], title) << external_id;
    EXPECT_EQ(message["reply"]["source"], source) << external_id;
    EXPECT_EQ(message["reply"]["inReplyTo"]["externalId"], wamid) << external_id;
    EXPECT_EQ(message["reply"]["inReplyTo"]["messageId"], question_id) << external_id;
  }
  EXPECT_EQ(by_external_id["wamid.TAP2"]["reply"]["description"], "Dr. Ruiz");
}

// A tap whose fields are far past any real button's is kept, cut to its bounds.
TEST_F(InteractiveTest, AnOversizedTapIsStoredCutToItsBounds) {
  const json tap = {
      {"id", "wamid.BIG"},
      {"context", {{"id", repeat("w", 5000)}}},
      {"type", "interactive"},
      {"interactive",
       {{"type", "button_reply"},
        {"button_reply", {{"id", repeat("i", 20000)}, {"title", repeat("ñ", 3000)}}}}}};
  ASSERT_EQ(sandbox.postWebhook(kClinicA, webhookWith(tap), kAppSecretA).status, 200);
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'") == 1;
  }));
  const json stored = json::parse(
      sandbox.queryText("SELECT content_json FROM messages WHERE direction = 'inbound'"));
  EXPECT_EQ(stored["reply"]["id"].get<std::string>().size(), 1024u);
  EXPECT_LE(stored["reply"]["title"].get<std::string>().size(), 256u);
  EXPECT_EQ(stored["inReplyTo"].get<std::string>().size(), 256u);
  EXPECT_EQ(stored["truncated"], true);
}

// Clinic A with WhatsApp on Meta and SMS on Twilio, both simulated.
SandboxOptions metaAndSmsClinic() {
  SandboxOptions options;
  options.clinic_a_channels = metaWhatsAppAndTwilioSms();
  return options;
}

class InteractiveFallbackTest : public ::testing::Test {
 protected:
  Sandbox sandbox{metaAndSmsClinic()};
};

TEST_F(InteractiveFallbackTest, FallingBackToSmsSendsTheOptionsAsNumberedText) {
  // 131026: not on WhatsApp, so the plan's SMS step carries it.
  ASSERT_EQ(sandbox
                .simControl("/_sim/control",
                            {{"fail_next", 1}, {"error_code", 131026}, {"http_status", 400}})
                .status,
            200);
  json request = interactiveTo(kPatient, confirmButtons());
  request["options"] = {{"fallbackChannels", {"sms"}}};
  const Reply reply = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(reply.status, 200) << reply.body;
  EXPECT_EQ(reply.json()["fallbackUsed"], "sms");
  EXPECT_EQ(reply.json()["status"], "sent");

  const json sms = sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
  ASSERT_EQ(sms["count"], 1) << sms.dump();
  EXPECT_EQ(sms["messages"][0]["body"],
            "Clínica Norte\n¿Confirma su cita del martes 10:30?\n\n1. Confirmo\n2. Cancelar\n\n"
            "Responda con un botón");
  // What the SMS step bills is counted on that text, not on the body alone.
  const json conversation =
      sandbox.conversation(sandbox.keyA(), reply.json()["conversationId"]).json();
  EXPECT_EQ(conversation["messages"][0]["sms"]["encoding"], "UCS-2");
  EXPECT_EQ(conversation["messages"][0]["sms"]["segments"], 2);
}

class InteractiveTwilioTest : public ::testing::Test {
 protected:
  Sandbox sandbox{twilioClinic()};
};

TEST_F(InteractiveTwilioTest, ATwilioQuickReplyTapIsStoredInTheSameShapeAsMetas) {
  const Reply posted = sandbox.simControl(
      "/_sim/twilio/inbound",
      {{"from", "whatsapp:+12015550177"},
       {"to", "whatsapp:+14155238886"},
       {"body", "Confirmar"},
       {"fields",
        {{"MessageType", "button"},
         {"ButtonText", "Confirmar"},
         {"ButtonPayload", "CONFIRM:appt_778"},
         {"OriginalRepliedMessageSid", "SM00000000000000000000000000000042"}}},
       {"url", sandbox.gatewayUrl(std::string("/api/v2/webhooks/twilio/") + kClinicA)}});
  ASSERT_EQ(posted.status, 200) << posted.body;
  ASSERT_EQ(posted.json()["http_status"], 200) << posted.body;
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryNumber("SELECT COUNT(*) FROM messages WHERE direction = 'inbound'") == 1;
  }));
  const std::string conversation_id =
      sandbox.queryText("SELECT conversation_id FROM messages WHERE direction = 'inbound'");
  const json message = sandbox.conversation(sandbox.keyA(), conversation_id).json()["messages"][0];
  EXPECT_EQ(message["type"], "interactive");
  EXPECT_EQ(message["content"], "Confirmar");
  EXPECT_EQ(message["reply"], json::parse(R"({"id":"CONFIRM:appt_778","title":"Confirmar",
    "source":"button","inReplyTo":{"externalId":"SM00000000000000000000000000000042",
    "messageId":null}})"));
}

}  // namespace
}  // namespace mensajero::testing
