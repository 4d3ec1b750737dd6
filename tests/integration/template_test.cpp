// Issue 11: message templates against the real gateway and provider simulator: management
// under /api/v2/templates, sending a template, its rendered text on SMS.
#include <gtest/gtest.h>

#include "integration/sandbox.h"
#include "integration/twilio_clinic.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

json reminderContent() {
  return {{"header", {{"format", "text"}, {"text", "Cita en {{1}}"}, {"examples", {"Centro"}}}},
          {"body",
           {{"text", "Hola {{1}}, su cita es el {{2}}."}, {"examples", {"Ana", "12/05 10:30"}}}},
          {"footer", {{"text", "Clinica Centro"}}},
          {"buttons",
           {{{"type", "quick_reply"}, {"text", "Confirmar"}},
            {{"type", "url"},
             {"text", "Ver cita"},
             {"url", "https://clinic.example/c/{{1}}"},
             {"example", "ab12"}}}}};
}

json templateRequest(const std::string& name, const std::string& language,
                     json content = reminderContent()) {
  return {{"name", name},
          {"language", language},
          {"category", "utility"},
          {"content", std::move(content)}};
}

json templateSendTo(const std::string& phone, json content) {
  return {{"recipient", {{"type", "phone"}, {"value", phone}}},
          {"message", {{"type", "template"}, {"content", std::move(content)}}}};
}

json reminderSend(const std::string& language) {
  return {
      {"name", "appointment_reminder"},
      {"language", language},
      {"parameters",
       {{"body", {"Ana", "12/05 10:30"}},
        {"header", {{"type", "text"}, {"text", "Centro"}}},
        {"buttons",
         {{{"index", 0}, {"payload", "CONFIRM:appt_778"}}, {{"index", 1}, {"text", "ab12"}}}}}}};
}

constexpr const char* kRendered =
    "Cita en Centro\nHola Ana, su cita es el 12/05 10:30.\nClinica Centro\n"
    "Ver cita: https://clinic.example/c/ab12";

// Clinic A on Meta's WhatsApp with SMS through Twilio, both simulated (as fallback_test.cpp).
SandboxOptions whatsAppAndSms() {
  SandboxOptions options;
  options.clinic_a_channels = metaWhatsAppAndTwilioSms();
  return options;
}

class TemplateTest : public ::testing::Test {
 protected:
  TemplateTest() = default;
  explicit TemplateTest(SandboxOptions options) : sandbox(std::move(options)) {}

  Reply api(const std::string& method, const std::string& path, const std::string& key,
            const json& body = nullptr) {
    std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer " + key}};
    if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
    return sandbox.call(method, sandbox.gatewayUrl(path), body.is_null() ? "" : body.dump(),
                        headers);
  }

  // Creates a template for clinic A and returns its id.
  std::string create(const json& request) {
    const Reply reply = api("POST", "/api/v2/templates", sandbox.keyA(), request);
    EXPECT_EQ(reply.status, 201) << reply.body;
    return reply.json().value("id", "");
  }

  // What Meta's review would do (approval through Meta is another part of issue 11).
  void setStatus(const std::string& id, const std::string& status) {
    sandbox.executeSql("UPDATE message_templates SET status = '" + status + "' WHERE id = '" + id +
                       "'");
  }

  Sandbox sandbox;
};

TEST_F(TemplateTest, CreatesListsGetsReplacesAndDisables) {
  const Reply created = api("POST", "/api/v2/templates", sandbox.keyA(),
                            templateRequest("appointment_reminder", "es_MX"));
  ASSERT_EQ(created.status, 201) << created.body;
  const json body = created.json();
  const std::string id = body["id"];
  EXPECT_EQ(body["status"], "pending");
  EXPECT_EQ(body["category"], "utility");
  EXPECT_EQ(body["parameterFormat"], "positional");
  EXPECT_EQ(body["content"]["body"]["text"], "Hola {{1}}, su cita es el {{2}}.");

  const Reply duplicate = api("POST", "/api/v2/templates", sandbox.keyA(),
                              templateRequest("appointment_reminder", "es_MX"));
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.json()["error"]["code"], "template_exists") << duplicate.body;

  ASSERT_EQ(create(templateRequest("appointment_reminder", "en_US")).empty(), false);
  const json all = api("GET", "/api/v2/templates", sandbox.keyA()).json();
  EXPECT_EQ(all["templates"].size(), 2u);
  const json english = api("GET", "/api/v2/templates?language=en_US", sandbox.keyA()).json();
  ASSERT_EQ(english["templates"].size(), 1u);
  EXPECT_EQ(english["templates"][0]["language"], "en_US");

  setStatus(id, "approved");
  const json approved = api("GET", "/api/v2/templates?status=approved", sandbox.keyA()).json();
  ASSERT_EQ(approved["templates"].size(), 1u);
  EXPECT_EQ(approved["templates"][0]["id"], id);
  EXPECT_EQ(
      api("GET", "/api/v2/templates?category=marketing", sandbox.keyA()).json()["templates"].size(),
      0u);
  EXPECT_EQ(api("GET", "/api/v2/templates?status=sideways", sandbox.keyA()).status, 400);

  // Replacing an approved template's content sends it back to review.
  json content = reminderContent();
  content["body"] = {{"text", "Hola {{1}}, le esperamos el {{2}}."},
                     {"examples", {"Ana", "lunes"}}};
  const Reply replaced =
      api("PUT", "/api/v2/templates/" + id, sandbox.keyA(), {{"content", content}});
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_EQ(replaced.json()["status"], "pending");
  EXPECT_EQ(api("GET", "/api/v2/templates/" + id, sandbox.keyA()).json()["content"]["body"]["text"],
            "Hola {{1}}, le esperamos el {{2}}.");

  const Reply disabled = api("POST", "/api/v2/templates/" + id + "/disable", sandbox.keyA());
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_EQ(disabled.json()["status"], "disabled");
  EXPECT_EQ(api("PUT", "/api/v2/templates/" + id, sandbox.keyA(), {{"content", content}}).status,
            409);
}

TEST_F(TemplateTest, RefusesWhatMetaWouldRefuseWithTheRulesCode) {
  auto codeOf = [this](const json& request) {
    const Reply reply = api("POST", "/api/v2/templates", sandbox.keyA(), request);
    EXPECT_EQ(reply.status, 422) << reply.body;
    return reply.json()["error"]["code"].get<std::string>();
  };
  EXPECT_EQ(codeOf(templateRequest("Bad Name", "es")), "template_name_invalid");
  EXPECT_EQ(codeOf(templateRequest("reminder", "spanish")), "template_language_invalid");
  json wrong_category = templateRequest("reminder", "es");
  wrong_category["category"] = "transactional";
  EXPECT_EQ(codeOf(wrong_category), "template_category_invalid");
  EXPECT_EQ(
      codeOf(templateRequest(
          "reminder", "es", {{"body", {{"text", "Hola {{1}}{{2}} x"}, {"examples", {"a", "b"}}}}})),
      "template_parameters_adjacent");
  EXPECT_EQ(codeOf(templateRequest(
                "reminder", "es",
                {{"body", {{"text", "Hola {{1}} y {{3}} x"}, {"examples", {"a", "b"}}}}})),
            "template_parameter_numbering");
  EXPECT_EQ(codeOf(templateRequest("reminder", "es", {{"body", {{"text", "Hola {{1}} x"}}}})),
            "template_example_missing");
  EXPECT_EQ(codeOf(templateRequest("reminder", "es",
                                   {{"body", {{"text", "{{1}} hola"}, {"examples", {"a"}}}}})),
            "template_parameter_at_edge");
  EXPECT_EQ(api("GET", "/api/v2/templates", sandbox.keyA()).json()["templates"].size(), 0u);
}

TEST_F(TemplateTest, AnotherOrganizationsTemplateIsNotFound) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  EXPECT_EQ(api("GET", "/api/v2/templates/" + id, sandbox.keyB()).status, 404);
  EXPECT_EQ(api("PUT", "/api/v2/templates/" + id, sandbox.keyB(), {{"content", reminderContent()}})
                .status,
            404);
  EXPECT_EQ(api("POST", "/api/v2/templates/" + id + "/disable", sandbox.keyB()).status, 404);
  EXPECT_EQ(api("GET", "/api/v2/templates", sandbox.keyB()).json()["templates"].size(), 0u);
  EXPECT_EQ(api("GET", "/api/v2/templates/" + id, sandbox.keyA()).json()["status"], "pending");
  EXPECT_EQ(api("GET", "/api/v2/templates/not-an-id", sandbox.keyA()).status, 404);
}

TEST_F(TemplateTest, ShouldHandleTemplateMessages) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  setStatus(id, "approved");
  const Reply response =
      sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", reminderSend("es")));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "sent");
  EXPECT_TRUE(response.json().contains("messageId"));
  EXPECT_FALSE(response.json()["messageId"].get<std::string>().empty());
}

TEST_F(TemplateTest, TheSimulatorReceivesGraphsTemplatePayloadAndTheConversationTheText) {
  const std::string id = create(templateRequest("appointment_reminder", "es_MX"));
  setStatus(id, "approved");
  const Reply response =
      sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", reminderSend("es_MX")));
  ASSERT_EQ(response.status, 200) << response.body;
  const json body = response.json();
  EXPECT_EQ(body["status"], "sent");
  EXPECT_EQ(body["template"], json({{"name", "appointment_reminder"}, {"language", "es_MX"}}));

  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  ASSERT_EQ(recorded["count"], 1) << recorded.dump();
  const json& request = recorded["messages"][0]["request"];
  EXPECT_EQ(request["type"], "template");
  EXPECT_EQ(request["biz_opaque_callback_data"], body["messageId"]);
  const json expected_template = json::parse(R"({"name":"appointment_reminder",
    "language":{"code":"es_MX"},"components":[
      {"type":"header","parameters":[{"type":"text","text":"Centro"}]},
      {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"12/05 10:30"}]},
      {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"CONFIRM:appt_778"}]},
      {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"ab12"}]}]})");
  EXPECT_EQ(request["template"], expected_template);

  const json conversation =
      sandbox.conversation(sandbox.keyA(), body["conversationId"].get<std::string>()).json();
  ASSERT_EQ(conversation["messages"].size(), 1u);
  EXPECT_EQ(conversation["messages"][0]["type"], "template");
  EXPECT_EQ(conversation["messages"][0]["content"], kRendered);
  EXPECT_EQ(conversation["messages"][0]["template"]["name"], "appointment_reminder");
  EXPECT_EQ(conversation["messages"][0]["template"]["language"], "es_MX");
  EXPECT_EQ(sandbox.queryText("SELECT template_id FROM messages WHERE id = '" +
                              body["messageId"].get<std::string>() + "'"),
            id);
}

TEST_F(TemplateTest, FallsBackToTheOrganizationsDefaultLanguage) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  setStatus(id, "approved");
  const Reply response =
      sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", reminderSend("en_US")));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["template"]["language"], "es");
  const json recorded = sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json();
  ASSERT_EQ(recorded["count"], 1);
  EXPECT_EQ(recorded["messages"][0]["request"]["template"]["language"]["code"], "es");
}

TEST_F(TemplateTest, RefusesATemplateThatIsNotApprovedOrNotFoundOrBadlyFilled) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  Reply refused = sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", reminderSend("es")));
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["error"]["code"], "template_not_approved") << refused.body;
  EXPECT_NE(refused.json()["error"]["message"].get<std::string>().find("pending"),
            std::string::npos);

  setStatus(id, "approved");
  json missing = reminderSend("es");
  missing["parameters"]["body"] = {"Ana"};
  refused = sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", missing));
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.json()["error"]["code"], "template_parameters_missing");
  json unknown = reminderSend("es");
  unknown["name"] = "no_such_template";
  refused = sandbox.send(sandbox.keyA(), templateSendTo("+12015550123", unknown));
  EXPECT_EQ(refused.json()["error"]["code"], "template_not_found");
  // Clinic B cannot send clinic A's template.
  refused = sandbox.send(sandbox.keyB(), templateSendTo("+12015550123", reminderSend("es")));
  EXPECT_EQ(refused.json()["error"]["code"], "template_not_found");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

class TemplateFallbackTest : public TemplateTest {
 protected:
  TemplateFallbackTest() : TemplateTest(whatsAppAndSms()) {}
};

TEST_F(TemplateFallbackTest, ReachesSmsAsTheRenderedTextWhenWhatsAppFails) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  setStatus(id, "approved");
  ASSERT_EQ(sandbox
                .simControl("/_sim/control",
                            {{"fail_next", 1}, {"error_code", 131026}, {"http_status", 400}})
                .status,
            200);
  json request = templateSendTo("+12015550124", reminderSend("es"));
  request["options"] = {{"fallbackChannels", {"sms"}}};
  const Reply response = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.json()["status"], "sent");
  EXPECT_EQ(response.json()["fallbackUsed"], "sms");
  const json sms = sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json();
  ASSERT_EQ(sms["count"], 1) << sms.dump();
  EXPECT_EQ(sms["messages"][0]["body"], kRendered);
}

TEST_F(TemplateFallbackTest, ATemplatePausedAfterAcceptanceNeverReachesWhatsApp) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  setStatus(id, "approved");
  json request = templateSendTo("+12015550125", reminderSend("es"));
  request["options"] = {{"fallbackChannels", {"sms"}},
                        {"scheduledAt", isoTimeFromNow(std::chrono::seconds(2))}};
  const Reply accepted = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  setStatus(id, "paused");
  ASSERT_TRUE(eventually([&] {
    return sandbox.call("GET", sandbox.simUrl("/_sim/twilio/messages")).json()["count"] == 1;
  }));
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
  const std::string message_id = accepted.json()["messageId"];
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_attempts WHERE message_id = '" +
                                message_id + "' AND error_code = 'template_not_approved'"),
            1);
}

TEST_F(TemplateTest, ATemplateDisabledAfterAcceptanceFailsWithoutAFallback) {
  const std::string id = create(templateRequest("appointment_reminder", "es"));
  setStatus(id, "approved");
  json request = templateSendTo("+12015550126", reminderSend("es"));
  request["options"] = {{"scheduledAt", isoTimeFromNow(std::chrono::seconds(2))}};
  const Reply accepted = sandbox.send(sandbox.keyA(), request);
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  ASSERT_EQ(api("POST", "/api/v2/templates/" + id + "/disable", sandbox.keyA()).status, 200);
  const std::string message_id = accepted.json()["messageId"];
  ASSERT_TRUE(eventually([&] {
    return sandbox.queryText("SELECT delivery_status FROM messages WHERE id = '" + message_id +
                             "'") == "failed";
  }));
  EXPECT_EQ(sandbox.queryText("SELECT error_code FROM messages WHERE id = '" + message_id + "'"),
            "template_not_approved");
  EXPECT_EQ(sandbox.call("GET", sandbox.simUrl("/_sim/messages")).json()["count"], 0);
}

}  // namespace
}  // namespace mensajero::testing
