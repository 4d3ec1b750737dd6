// Meta's template webhooks (providers.md §1.5), in payloads written here from the documented
// shape: entry.id is the WABA id, and no change carries metadata.phone_number_id.
#include <string>

#include <gtest/gtest.h>

#include "channels/meta/meta_provider.h"
#include "transport/http_client.h"

namespace mensajero::channels::meta {
namespace {

std::string envelope(const std::string& waba_id, const std::string& field,
                     const std::string& value) {
  return R"({"object":"whatsapp_business_account","entry":[{"id":")" + waba_id +
         R"(","time":1751247548,"changes":[{"field":")" + field + R"(","value":)" + value + "}]}]}";
}

WebhookEvents parse(const std::string& body) {
  auto events = MetaProvider().parseWebhook(body);
  EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().message);
  return events.ok() ? *events : WebhookEvents{};
}

TEST(MetaTemplateWebhookTest, ApprovedNamesTheAccountAndTheTemplate) {
  const auto events = parse(envelope("201000000000001", "message_template_status_update",
                                     R"({"event":"APPROVED","message_template_id":7700001,
      "message_template_name":"cita_recordatorio","message_template_language":"es_MX",
      "reason":"NONE","message_template_category":"UTILITY"})"));
  ASSERT_EQ(events.template_updates.size(), 1u);
  const TemplateUpdate& update = events.template_updates[0];
  EXPECT_EQ(update.account_id, "201000000000001");
  EXPECT_EQ(update.provider_template_id, "7700001");
  EXPECT_EQ(update.template_name, "cita_recordatorio");
  EXPECT_EQ(update.language, "es_MX");
  EXPECT_EQ(update.status, "approved");
  EXPECT_FALSE(update.reason.has_value());
  EXPECT_TRUE(events.statuses.empty());
  EXPECT_TRUE(events.messages.empty());
}

TEST(MetaTemplateWebhookTest, RejectedKeepsTheExplanationOverTheCode) {
  const auto with_info = parse(envelope("201", "message_template_status_update",
                                        R"({"event":"REJECTED","message_template_id":12,
      "reason":"INVALID_FORMAT","rejection_info":{"reason":"Parameters are adjacent.",
      "recommendation":"Separate them."}})"));
  ASSERT_EQ(with_info.template_updates.size(), 1u);
  EXPECT_EQ(with_info.template_updates[0].status, "rejected");
  EXPECT_EQ(with_info.template_updates[0].reason, "Parameters are adjacent.");

  const auto code_only = parse(envelope("201", "message_template_status_update",
                                        R"({"event":"REJECTED","message_template_id":13,
      "reason":"SCAM"})"));
  ASSERT_EQ(code_only.template_updates.size(), 1u);
  EXPECT_EQ(code_only.template_updates[0].reason, "SCAM");
}

TEST(MetaTemplateWebhookTest, EventsMapOntoTheGatewaysFiveStatuses) {
  const std::pair<const char*, const char*> cases[] = {{"PAUSED", "paused"},
                                                       {"DISABLED", "disabled"},
                                                       {"REINSTATED", "approved"},
                                                       {"IN_APPEAL", "rejected"},
                                                       {"PENDING_DELETION", "disabled"}};
  for (const auto& [event, ours] : cases) {
    const auto events =
        parse(envelope("201", "message_template_status_update",
                       std::string(R"({"event":")") + event + R"(","message_template_id":"99"})"));
    ASSERT_EQ(events.template_updates.size(), 1u) << event;
    EXPECT_EQ(events.template_updates[0].status, ours) << event;
  }
}

TEST(MetaTemplateWebhookTest, FlaggedAndUnknownEventsChangeNothing) {
  for (const char* event : {"FLAGGED", "UNARCHIVED", "SOMETHING_NEW"}) {
    const auto events = parse(envelope(
        "201", "message_template_status_update",
        std::string(R"({"event":")") + event + R"(","message_template_id":99,"reason":null})"));
    EXPECT_TRUE(events.template_updates.empty()) << event;
  }
}

TEST(MetaTemplateWebhookTest, QualityUpdateCarriesTheNewScoreOnly) {
  const auto events = parse(envelope("201", "message_template_quality_update",
                                     R"({"previous_quality_score":"GREEN",
      "new_quality_score":"YELLOW","message_template_id":5,"message_template_name":"x",
      "message_template_language":"es"})"));
  ASSERT_EQ(events.template_updates.size(), 1u);
  EXPECT_EQ(events.template_updates[0].quality, "YELLOW");
  EXPECT_FALSE(events.template_updates[0].status.has_value());
}

TEST(MetaTemplateWebhookTest, UnusableTemplateIdsAreSkipped) {
  for (const char* id :
       {R"("abc")", R"(-4)", R"(1.5)", R"(null)", R"({"a":1})",
        R"("12345678901234567890123456789012345678901234567890123456789012345")"}) {
    const auto events =
        parse(envelope("201", "message_template_status_update",
                       std::string(R"({"event":"APPROVED","message_template_id":)") + id + "}"));
    EXPECT_TRUE(events.template_updates.empty()) << id;
  }
}

TEST(MetaTemplateWebhookTest, LongReasonsAndNamesAreCut) {
  const std::string reason(5000, 'r');
  const std::string name(3000, 'n');
  const auto events =
      parse(envelope("201", "message_template_status_update",
                     R"({"event":"PAUSED","message_template_id":8,"message_template_name":")" +
                         name + R"(","reason":")" + reason + R"("})"));
  ASSERT_EQ(events.template_updates.size(), 1u);
  EXPECT_LE(events.template_updates[0].reason->size(), 1000u);
  EXPECT_LE(events.template_updates[0].template_name.size(), 512u);
}

TEST(MetaTemplateWebhookTest, TheWabaIdIsTheIdentitysAccount) {
  const MetaProvider provider;
  auto config = provider.parseConfig(
      R"({"phone_number_id":"106","access_token":"t","app_secret":"s","waba_id":"201"})");
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(provider.webhookIdentity(**config).account_id, "201");
  EXPECT_FALSE(provider
                   .parseConfig(R"({"phone_number_id":"106","access_token":"t",
      "waba_id":"../x"})")
                   .ok());
}

TEST(MetaTemplateWebhookTest, TemplateManagementNeedsTheWabaId) {
  const MetaProvider provider;
  auto config = provider.parseConfig(R"({"phone_number_id":"106","access_token":"t"})");
  ASSERT_TRUE(config.ok());
  transport::CurlHttpClient client;  // never called: the config is refused first
  auto catalog = provider.makeTemplateCatalog(**config, client);
  ASSERT_FALSE(catalog.ok());
  EXPECT_EQ(catalog.error().code, "invalid_config");
}

}  // namespace
}  // namespace mensajero::channels::meta
