// Issue 11 item 2: template sync with Meta against the real gateway and provider-sim:
// submission, the review outcome by webhook, the import CLI, and hostile catalog answers.
#include <string>

#include <gtest/gtest.h>

#include "integration/sandbox.h"

namespace mensajero::testing {
namespace {

using nlohmann::json;

constexpr const char* kWabaA = "300000000000001";
constexpr const char* kTemplateA = "7d0c1f2e-3b4a-4c5d-8e6f-7a8b9c0d1e21";

SandboxOptions withWabaId() {
  SandboxOptions options;
  options.clinic_a_channels = std::string() +
                              "      - type: whatsapp\n"
                              "        provider: meta\n"
                              "        provider_config:\n"
                              "          base_url: @SIM@\n"
                              "          phone_number_id: \"" +
                              kPhoneNumberIdA +
                              "\"\n"
                              "          access_token: token-a\n"
                              "          app_secret: " +
                              kAppSecretA +
                              "\n"
                              "          verify_token: " +
                              kVerifyTokenA +
                              "\n"
                              "          timeout_ms: 2000\n"
                              "          waba_id: \"" +
                              kWabaA + "\"\n";
  return options;
}

// A body Meta and the gateway's rules accept: a parameter inside the text, with its example.
json bodyComponent() {
  return {{"type", "BODY"},
          {"text", "Hola {{1}}, su cita es manana."},
          {"example", {{"body_text", json::array({json::array({"Ana"})})}}}};
}

class TemplateSyncTest : public ::testing::Test {
 protected:
  TemplateSyncTest() : sandbox(withWabaId()) {}

  // A template of clinic A as the CRUD API would store it, not yet submitted.
  void insertTemplate(const std::string& organization_id = kClinicA) {
    sandbox.executeSql(
        "INSERT INTO message_templates (id, organization_id, name, category, language, "
        "template_content, parameter_format, status) VALUES ('" +
        std::string(kTemplateA) + "', '" + organization_id +
        "', 'cita_recordatorio', 'utility', 'es_MX', "
        "'{\"parameter_format\":\"positional\",\"body\":{\"text\":\"Hola {{1}}, su cita es "
        "{{2}}.\",\"examples\":[\"Ana\",\"lunes\"]}}', 'positional', 'pending')");
  }

  Reply submit(const std::string& key, const std::string& id = kTemplateA) {
    return sandbox.call("POST", sandbox.gatewayUrl("/api/v2/templates/" + id + "/submit"), "",
                        {{"Authorization", "Bearer " + key}});
  }

  std::string column(const std::string& name) {
    return sandbox.queryText("SELECT COALESCE(" + name +
                             ", '') FROM message_templates WHERE id = '" + kTemplateA + "'");
  }

  // Submits the template and returns Meta's id for it.
  std::string submitted() {
    insertTemplate();
    const Reply reply = submit(sandbox.keyA());
    EXPECT_EQ(reply.status, 200) << reply.body;
    return reply.json().value("providerTemplateId", "");
  }

  Reply review(const json& request) { return sandbox.simControl("/_sim/template-status", request); }

  long long processedWebhooks(const std::string& organization_id) {
    return sandbox.queryNumber("SELECT COUNT(*) FROM webhook_logs WHERE organization_id = '" +
                               organization_id + "' AND status = 'success'");
  }

  CommandResult sync(const std::string& organization = kClinicA) {
    return sandbox.runGatewayCommand({"templates", "sync", "--org", organization});
  }

  Sandbox sandbox;
};

TEST_F(TemplateSyncTest, SubmitStoresMetasIdAndPending) {
  insertTemplate();
  const Reply reply = submit(sandbox.keyA());
  ASSERT_EQ(reply.status, 200) << reply.body;
  const json body = reply.json();
  EXPECT_EQ(body["status"], "pending");
  const std::string provider_id = body.value("providerTemplateId", "");
  EXPECT_FALSE(provider_id.empty());
  EXPECT_EQ(column("provider_template_id"), provider_id);
  EXPECT_EQ(column("status"), "pending");

  const Reply state = sandbox.call("GET", sandbox.simUrl("/_sim/templates"));
  const json create_body = state.json()["create_bodies"][0];
  EXPECT_EQ(create_body["name"], "cita_recordatorio");
  EXPECT_EQ(create_body["category"], "UTILITY");
  EXPECT_EQ(create_body["components"][0]["example"]["body_text"][0][1], "lunes");

  // Once submitted, a second submission is a conflict, not a second template at Meta.
  EXPECT_EQ(submit(sandbox.keyA()).status, 409);
}

TEST_F(TemplateSyncTest, ApprovedWebhookApprovesTheTemplate) {
  const std::string provider_id = submitted();
  ASSERT_EQ(review({{"template_id", provider_id}, {"event", "APPROVED"}, {"reason", "NONE"}})
                .json()
                .value("http_status", 0),
            200);
  EXPECT_TRUE(eventually([&] { return column("status") == "approved"; }));
  EXPECT_EQ(column("status_reason"), "");
}

TEST_F(TemplateSyncTest, RejectedWebhookStoresTheReason) {
  const std::string provider_id = submitted();
  review({{"template_id", provider_id},
          {"event", "REJECTED"},
          {"reason", "INVALID_FORMAT"},
          {"rejection_info",
           {{"reason", "Parameters need text between them."}, {"recommendation", "Add text."}}}});
  EXPECT_TRUE(eventually([&] { return column("status") == "rejected"; }));
  EXPECT_EQ(column("status_reason"), "Parameters need text between them.");
}

TEST_F(TemplateSyncTest, PausedAndQualityWebhooksApply) {
  const std::string provider_id = submitted();
  review({{"template_id", provider_id}, {"event", "APPROVED"}});
  review({{"template_id", provider_id}, {"event", "PAUSED"}, {"reason", "LOW_QUALITY"}});
  EXPECT_TRUE(eventually([&] { return column("status") == "paused"; }));
  sandbox.simControl("/_sim/template-quality",
                     {{"template_id", provider_id}, {"new_quality_score", "RED"}});
  EXPECT_TRUE(eventually([&] { return column("quality") == "RED"; }));
  EXPECT_EQ(column("status"), "paused");
}

TEST_F(TemplateSyncTest, AnotherOrganizationsWebhookChangesNothing) {
  const std::string provider_id = submitted();
  // Clinic B's own, correctly signed webhook naming clinic A's template.
  const json value = {{"event", "APPROVED"},
                      {"message_template_id", std::stoull(provider_id)},
                      {"message_template_name", "cita_recordatorio"},
                      {"message_template_language", "es_MX"}};
  const auto body = [&](const std::string& waba) {
    return json{
        {"object", "whatsapp_business_account"},
        {"entry",
         json::array({{{"id", waba},
                       {"changes", json::array({{{"field", "message_template_status_update"},
                                                 {"value", value}}})}}})}}
        .dump();
  };
  ASSERT_EQ(sandbox.postWebhook(kClinicB, body(kWabaA), kAppSecretB).status, 200);
  // Clinic A's endpoint, but naming a WABA that is not clinic A's.
  ASSERT_EQ(sandbox.postWebhook(kClinicA, body("399999999999999"), kAppSecretA).status, 200);
  ASSERT_TRUE(eventually([&] { return processedWebhooks(kClinicB) == 1; }));
  ASSERT_TRUE(eventually([&] { return processedWebhooks(kClinicA) == 1; }));
  EXPECT_EQ(column("status"), "pending");
}

TEST_F(TemplateSyncTest, SubmitErrorsAreClear) {
  insertTemplate();
  sandbox.simControl("/_sim/templates/control",
                     {{"fail_next_create",
                       {{"http_status", 400}, {"code", 100}, {"message", "(#100) Invalid name"}}}});
  const Reply refused = submit(sandbox.keyA());
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["error"]["code"], "template_refused_by_provider");
  EXPECT_NE(refused.body.find("meta_100"), std::string::npos);

  sandbox.simControl("/_sim/templates/control",
                     {{"fail_next_create", {{"http_status", 503}, {"code", 2}}}});
  const Reply down = submit(sandbox.keyA());
  EXPECT_EQ(down.status, 502) << down.body;
  EXPECT_EQ(down.json()["error"]["code"], "provider_unavailable");
  EXPECT_EQ(column("provider_template_id"), "");

  // Clinic B's channel has no waba_id; and clinic A's template is not B's.
  EXPECT_EQ(submit(sandbox.keyB()).status, 422);
}

TEST_F(TemplateSyncTest, SyncImportsEveryPageAndReportsSkips) {
  json templates = json::array();
  for (int i = 0; i < 130; ++i) {
    templates.push_back({{"name", "aviso_" + std::to_string(i)},
                         {"language", "es"},
                         {"status", i % 2 == 0 ? "APPROVED" : "PENDING"},
                         {"components", json::array({bodyComponent()})}});
  }
  // The gateway's rules refuse a body that starts with a parameter.
  templates.push_back({{"name", "al_borde"},
                       {"components", json::array({{{"type", "BODY"},
                                                    {"text", "{{1}} tiene cita"},
                                                    {"example", {{"body_text", {{"Ana"}}}}}}})}});
  ASSERT_EQ(
      sandbox.simControl("/_sim/templates", {{"waba_id", kWabaA}, {"templates", templates}}).status,
      200);

  const CommandResult first = sync("Clinic A");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("imported=130 updated=0 skipped=1"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("skipped al_borde: template_parameter_at_edge"), std::string::npos)
      << first.out;
  EXPECT_EQ(sandbox.queryNumber("SELECT COUNT(*) FROM message_templates WHERE organization_id = '" +
                                std::string(kClinicA) + "' AND status = 'approved'"),
            65);

  const CommandResult again = sync();
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("imported=0 updated=130 skipped=1"), std::string::npos) << again.out;
}

TEST_F(TemplateSyncTest, HostileCatalogAnswersFailTheSyncCleanly) {
  for (const char* mode : {"huge", "bad_json", "too_many"}) {
    sandbox.simControl("/_sim/templates/control", {{"list_mode", mode}});
    const CommandResult result = sync();
    EXPECT_EQ(result.exit_code, 1) << mode;
    EXPECT_NE(result.err.find("provider_bad_response"), std::string::npos) << mode << result.err;
  }
  sandbox.simControl("/_sim/templates/control", {{"list_mode", "endless"}});
  const CommandResult endless = sync();
  EXPECT_EQ(endless.exit_code, 1);
  EXPECT_NE(endless.err.find("template_catalog_too_large"), std::string::npos) << endless.err;
  // The gateway is still serving.
  EXPECT_EQ(sandbox.call("GET", sandbox.gatewayUrl("/api/v2/health")).status, 200);
}

TEST_F(TemplateSyncTest, SyncWithoutTheWabaIdSaysWhy) {
  const CommandResult result = sync(kClinicB);
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("waba_id"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace mensajero::testing

namespace mensajero::testing {
namespace {

// The whole path: a template created through the API is submitted, Meta's approval arrives
// by webhook, and only then does a template send reach WhatsApp.
TEST_F(TemplateSyncTest, SubmitApproveBySimWebhookThenSendSucceeds) {
  const auto api = [&](const std::string& method, const std::string& path, const json& body) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + sandbox.keyA()}};
    if (!body.is_null()) headers.emplace_back("Content-Type", "application/json");
    return sandbox.call(method, sandbox.gatewayUrl(path), body.is_null() ? "" : body.dump(),
                        headers);
  };
  const Reply created =
      api("POST", "/api/v2/templates",
          {{"name", "aviso_cita"},
           {"language", "es"},
           {"category", "utility"},
           {"content",
            {{"body",
              {{"text", "Hola {{1}}, su cita es el {{2}}."}, {"examples", {"Ana", "12/05"}}}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json().value("id", "");

  const json send = {{"recipient", {{"type", "phone"}, {"value", "+12015550123"}}},
                     {"message",
                      {{"type", "template"},
                       {"content",
                        {{"name", "aviso_cita"},
                         {"language", "es"},
                         {"parameters", {{"body", {"Ana", "12/05"}}}}}}}}};
  const Reply too_early = sandbox.send(sandbox.keyA(), send);
  EXPECT_NE(too_early.status, 200) << too_early.body;

  const Reply submitted = api("POST", "/api/v2/templates/" + id + "/submit", nullptr);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  const std::string provider_id = submitted.json().value("providerTemplateId", "");
  ASSERT_FALSE(provider_id.empty());
  ASSERT_EQ(sandbox
                .simControl("/_sim/template-status",
                            {{"template_id", provider_id}, {"event", "APPROVED"}})
                .json()
                .value("http_status", 0),
            200);
  ASSERT_TRUE(eventually([&] {
    return api("GET", "/api/v2/templates/" + id, nullptr).json().value("status", "") == "approved";
  }));

  const Reply sent = sandbox.send(sandbox.keyA(), send);
  ASSERT_EQ(sent.status, 200) << sent.body;
  EXPECT_EQ(sent.json()["status"], "sent");
}

}  // namespace
}  // namespace mensajero::testing
