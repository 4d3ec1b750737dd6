// The Meta template catalog (channels/meta/meta_template_catalog.h) against the simulator's
// WABA template edge, over real loopback HTTP.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "channels/meta/meta_provider.h"
#include "unit/provider_sim/sim_fixture.h"

namespace mensajero::provider_sim::testing {
namespace {

constexpr const char* kWabaId = "201000000000001";

class TemplateCatalogTest : public SimFixture {
 protected:
  channels::TemplateCatalog& catalog() {
    if (!catalog_) {
      const nlohmann::json config = {{"phone_number_id", kPhoneNumberId},
                                     {"access_token", "EAAG-test"},
                                     {"base_url", sim_.baseUrl()},
                                     {"waba_id", kWabaId}};
      auto parsed = provider_.parseConfig(config.dump());
      EXPECT_TRUE(parsed.ok());
      config_ = *parsed;
      auto made = provider_.makeTemplateCatalog(*config_, client_);
      EXPECT_TRUE(made.ok());
      catalog_ = std::move(*made);
    }
    return *catalog_;
  }

  void seed(int count, const std::string& prefix) {
    nlohmann::json templates = nlohmann::json::array();
    for (int i = 0; i < count; ++i) {
      templates.push_back({{"name", prefix + std::to_string(i)}, {"body", "Hola {{1}}"}});
    }
    ASSERT_EQ(post("/_sim/templates", {{"waba_id", kWabaId}, {"templates", templates}}).status,
              200);
  }

  void listMode(const std::string& mode) {
    ASSERT_EQ(post("/_sim/templates/control", {{"list_mode", mode}}).status, 200);
  }

  channels::meta::MetaProvider provider_;
  channels::ProviderConfigPtr config_;
  channels::TemplateCatalogPtr catalog_;
};

channels::TemplateSubmission reminder() {
  channels::TemplateSubmission submission;
  submission.name = "cita_recordatorio";
  submission.language = "es_MX";
  submission.category = "utility";
  submission.parameter_format = "positional";
  submission.content_json =
      R"({"body":{"text":"Hola {{1}}, su cita es {{2}}.","examples":["Ana"]},
          "footer":{"text":"Clinica"},"buttons":[{"type":"quick_reply","text":"Confirmar"}]})";
  return submission;
}

TEST_F(TemplateCatalogTest, SubmitSendsMetasCreateBodyAndReadsThePendingAnswer) {
  auto submitted = catalog().submit(reminder());
  ASSERT_TRUE(submitted.ok()) << submitted.error().message;
  EXPECT_FALSE(submitted->provider_template_id.empty());
  EXPECT_EQ(submitted->status, "pending");
  EXPECT_EQ(submitted->category, "utility");

  const Reply state = call("GET", "/_sim/templates");
  ASSERT_EQ(state.json["create_bodies"].size(), 1u);
  const nlohmann::json& body = state.json["create_bodies"][0];
  EXPECT_EQ(body["category"], "UTILITY");
  EXPECT_EQ(body["language"], "es_MX");
  EXPECT_EQ(body["parameter_format"], "positional");
  const nlohmann::json& components = body["components"];
  ASSERT_EQ(components.size(), 3u);
  EXPECT_EQ(components[0]["type"], "BODY");
  // Every parameter has an example: the given one, else the parameter's own name.
  EXPECT_EQ(components[0]["example"]["body_text"], nlohmann::json::parse(R"([["Ana","2"]])"));
  EXPECT_EQ(components[1]["type"], "FOOTER");
  EXPECT_EQ(components[2]["buttons"][0]["type"], "QUICK_REPLY");
  EXPECT_EQ(state.json["templates"][0]["id"], submitted->provider_template_id);
}

TEST_F(TemplateCatalogTest, NamedParametersGoInNamedExamples) {
  channels::TemplateSubmission submission = reminder();
  submission.parameter_format = "named";
  submission.content_json = R"({"body":{"text":"Hola {{nombre}}","examples":{"nombre":"Ana"}}})";
  ASSERT_TRUE(catalog().submit(submission).ok());
  const nlohmann::json body = call("GET", "/_sim/templates").json["create_bodies"][0];
  EXPECT_EQ(body["parameter_format"], "named");
  EXPECT_EQ(body["components"][0]["example"]["body_text_named_params"][0]["example"], "Ana");
}

TEST_F(TemplateCatalogTest, AMetaRefusalIsInvalidWithMetasCodeAndMessage) {
  ASSERT_EQ(post("/_sim/templates/control",
                 {{"fail_next_create",
                   {{"http_status", 400}, {"code", 100}, {"message", "(#100) Bad body"}}}})
                .status,
            200);
  auto submitted = catalog().submit(reminder());
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(submitted.error().code, "meta_100");
  EXPECT_EQ(submitted.error().message, "(#100) Bad body");
}

TEST_F(TemplateCatalogTest, AServerErrorIsRetryable) {
  ASSERT_EQ(
      post("/_sim/templates/control", {{"fail_next_create", {{"http_status", 503}, {"code", 2}}}})
          .status,
      200);
  auto submitted = catalog().submit(reminder());
  ASSERT_FALSE(submitted.ok());
  EXPECT_EQ(submitted.error().category, ErrorCategory::Retryable);
}

TEST_F(TemplateCatalogTest, ADuplicateNameAndLanguageIsRefused) {
  ASSERT_TRUE(catalog().submit(reminder()).ok());
  auto again = catalog().submit(reminder());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "meta_100");
}

TEST_F(TemplateCatalogTest, ListWalksEveryPageByCursor) {
  seed(130, "aviso_");
  int pages = 0;
  std::size_t templates = 0;
  std::string cursor;
  while (true) {
    auto page = catalog().list(cursor);
    ASSERT_TRUE(page.ok()) << page.error().message;
    ++pages;
    templates += page->templates.size();
    EXPECT_TRUE(page->skipped.empty());
    if (!page->next_cursor) break;
    cursor = *page->next_cursor;
    ASSERT_LT(pages, 10);
  }
  EXPECT_GE(pages, 2);
  EXPECT_EQ(templates, 130u);
}

TEST_F(TemplateCatalogTest, ListTranslatesEntriesAndSkipsUnusableOnes) {
  ASSERT_EQ(post("/_sim/templates",
                 {{"waba_id", kWabaId},
                  {"templates",
                   {{{"name", "resultado_listo"},
                     {"language", "es"},
                     {"status", "PAUSED"},
                     {"components",
                      {{{"type", "HEADER"}, {"format", "TEXT"}, {"text", "Aviso"}},
                       {{"type", "BODY"}, {"text", "Su resultado {{1}} esta listo"}}}}},
                    {{"name", "sin_cuerpo"}, {"components", nlohmann::json::array()}},
                    {{"name", "estado_raro"}, {"status", "WEIRD"}},
                    {{"name", "Mayusculas"}}}}})
                .status,
            200);
  auto page = catalog().list("");
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->templates.size(), 1u);
  const channels::CatalogTemplate& t = page->templates[0];
  EXPECT_EQ(t.name, "resultado_listo");
  EXPECT_EQ(t.status, "paused");
  EXPECT_EQ(t.category, "utility");
  const auto content = nlohmann::json::parse(t.content_json);
  EXPECT_EQ(content["body"]["text"], "Su resultado {{1}} esta listo");
  EXPECT_EQ(content["parameter_format"], "positional");
  EXPECT_EQ(content["header"]["text"], "Aviso");
  EXPECT_EQ(page->skipped.size(), 3u);
}

TEST_F(TemplateCatalogTest, HostileListAnswersAreRefusedCleanly) {
  for (const char* mode : {"huge", "bad_json", "too_many"}) {
    listMode(mode);
    auto page = catalog().list("");
    ASSERT_FALSE(page.ok()) << mode;
    EXPECT_EQ(page.error().code, "provider_bad_response") << mode;
  }
}

TEST_F(TemplateCatalogTest, StatusWebhooksFromTheSimParseIntoTemplateUpdates) {
  auto submitted = catalog().submit(reminder());
  ASSERT_TRUE(submitted.ok());
  const Reply sent =
      post("/_sim/template-status", {{"template_id", submitted->provider_template_id},
                                     {"event", "REJECTED"},
                                     {"reason", "INVALID_FORMAT"},
                                     {"rejection_info", {{"reason", "Adjacent parameters."}}}});
  ASSERT_EQ(sent.status, 200);
  const auto deliveries = gateway_.waitForAccepted(1);
  ASSERT_EQ(deliveries.size(), 1u);
  const nlohmann::json value = deliveries[0].value();
  EXPECT_TRUE(value["message_template_id"].is_number_unsigned());
  auto events = provider_.parseWebhook(deliveries[0].body);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->template_updates.size(), 1u);
  EXPECT_EQ(events->template_updates[0].account_id, kWabaId);
  EXPECT_EQ(events->template_updates[0].provider_template_id, submitted->provider_template_id);
  EXPECT_EQ(events->template_updates[0].status, "rejected");
  EXPECT_EQ(events->template_updates[0].reason, "Adjacent parameters.");
}

}  // namespace
}  // namespace mensajero::provider_sim::testing
