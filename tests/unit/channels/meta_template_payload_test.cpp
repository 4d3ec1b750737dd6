#include "channels/meta/meta_template_payload.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::channels::meta {
namespace {

using nlohmann::json;

OutboundSend templateSend(const json& stored) {
  OutboundSend send;
  send.message_id = "msg-1";
  send.recipient = "+5215512345678";
  send.message_type = "template";
  send.content = "Hola Ana";
  send.metadata = json{{"template", stored}}.dump();
  return send;
}

TEST(MetaTemplatePayloadTest, BuildsGraphsTemplateBodyFromTheStoredParameters) {
  const json stored = {
      {"id", "t1"},
      {"name", "appointment_reminder"},
      {"language", "es_MX"},
      {"parameter_format", "positional"},
      {"parameters",
       {{"header",
         {{"type", "document"}, {"link", "https://c.example/r.pdf"}, {"filename", "cita.pdf"}}},
        {"body", {{{"name", "1"}, {"value", "Ana"}}, {{"name", "2"}, {"value", "12/05 10:30"}}}},
        {"buttons", {{{"index", 0}, {"type", "quick_reply"}, {"payload", "CONFIRM:appt_778"}}}}}}};
  auto payload = templatePayload(templateSend(stored), "+5215512345678");
  ASSERT_TRUE(payload.ok());
  // providers.md §1.2's example, component for component.
  const json expected =
      json::parse(R"({"messaging_product":"whatsapp","recipient_type":"individual",
    "to":"+5215512345678","type":"template","biz_opaque_callback_data":"msg-1",
    "template":{"name":"appointment_reminder","language":{"code":"es_MX"},"components":[
      {"type":"header","parameters":[{"type":"document","document":{"link":"https://c.example/r.pdf","filename":"cita.pdf"}}]},
      {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"12/05 10:30"}]},
      {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"CONFIRM:appt_778"}]}]}})");
  EXPECT_EQ(json::parse(*payload), expected);
}

TEST(MetaTemplatePayloadTest, NamedParametersCarryTheirNames) {
  const json stored = {{"name", "results_ready"},
                       {"language", "es"},
                       {"parameter_format", "named"},
                       {"parameters", {{"body", {{{"name", "patient_name"}, {"value", "Ana"}}}}}}};
  const json payload = json::parse(*templatePayload(templateSend(stored), "+34600111222"));
  EXPECT_EQ(payload["template"]["components"][0]["parameters"][0],
            json({{"type", "text"}, {"text", "Ana"}, {"parameter_name", "patient_name"}}));
}

TEST(MetaTemplatePayloadTest, WithoutParametersThereAreNoComponents) {
  const json stored = {
      {"name", "hello"}, {"language", "es"}, {"parameters", {{"body", json::array()}}}};
  const json payload = json::parse(*templatePayload(templateSend(stored), "+34600111222"));
  EXPECT_FALSE(payload["template"].contains("components"));
}

TEST(MetaTemplatePayloadTest, RefusesMetadataWithoutATemplate) {
  OutboundSend send = templateSend(json::object());
  send.metadata = "{}";
  auto payload = templatePayload(send, "+34600111222");
  ASSERT_FALSE(payload.ok());
  EXPECT_EQ(payload.error().code, "template_metadata_invalid");
  EXPECT_EQ(payload.error().category, ErrorCategory::Permanent);
}

}  // namespace
}  // namespace mensajero::channels::meta
