#include "template_send_check.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::provider_sim {
namespace {

using nlohmann::json;

json templateSend() {
  return json::parse(R"({"messaging_product":"whatsapp","to":"+5215512345678","type":"template",
    "template":{"name":"appointment_reminder","language":{"code":"es_MX"},"components":[
      {"type":"header","parameters":[{"type":"document","document":{"link":"https://c.example/r.pdf"}}]},
      {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"12/05"}]},
      {"type":"button","sub_type":"quick_reply","index":"0","parameters":[{"type":"payload","payload":"OK"}]}]}})");
}

// Meta's error code in the refusal, 0 when the send passes.
int refusalCode(const json& request) {
  auto refused = templateSendRefusal(request);
  if (!refused) return 0;
  EXPECT_EQ(refused->status, 400u);
  return json::parse(refused->body)["error"]["code"].get<int>();
}

TEST(TemplateSendCheckTest, AcceptsGraphsDocumentedShape) {
  EXPECT_EQ(refusalCode(templateSend()), 0);
}

TEST(TemplateSendCheckTest, RefusesWhatMetaRefuses) {
  json request = templateSend();
  request["template"].erase("name");
  EXPECT_EQ(refusalCode(request), 100);
  request = templateSend();
  request["template"]["language"] = "es";
  EXPECT_EQ(refusalCode(request), 100);
  request = templateSend();
  request["template"]["components"][1]["parameters"] = json::array();
  EXPECT_EQ(refusalCode(request), 132000);
  request = templateSend();
  request["template"]["components"][1]["parameters"][0] = {{"type", "text"}};
  EXPECT_EQ(refusalCode(request), 132012);
  request = templateSend();
  request["template"]["components"][1]["parameters"][0]["parameter_name"] = "name";
  EXPECT_EQ(refusalCode(request), 132012);
  request = templateSend();
  request["template"]["components"][2]["index"] = 0;
  EXPECT_EQ(refusalCode(request), 100);
}

TEST(TemplateSendCheckTest, OtherTypesAreNotItsConcern) {
  EXPECT_EQ(refusalCode({{"type", "text"}, {"text", {{"body", "hola"}}}}), 0);
}

}  // namespace
}  // namespace mensajero::provider_sim
