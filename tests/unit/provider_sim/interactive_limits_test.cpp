// The simulator refuses interactive sends the way Meta does (providers.md §1.2).
#include "interactive_limits.h"

#include <gtest/gtest.h>

namespace mensajero::provider_sim {
namespace {

using Json = nlohmann::json;

Json buttons() {
  return Json::parse(R"({"messaging_product":"whatsapp","to":"+5215512345678","type":"interactive",
    "interactive":{"type":"button","body":{"text":"¿Confirma?"},"action":{"buttons":[
      {"type":"reply","reply":{"id":"yes","title":"Confirmo"}},
      {"type":"reply","reply":{"id":"no","title":"Cancelar"}}]}}})");
}

Json list() {
  return Json::parse(R"({"messaging_product":"whatsapp","to":"+5215512345678","type":"interactive",
    "interactive":{"type":"list","header":{"type":"text","text":"Citas"},"body":{"text":"Elija"},
      "action":{"button":"Horarios","sections":[{"title":"Lunes","rows":[
        {"id":"slot_1","title":"09:00","description":"Dr. Ruiz"}]}]}}})");
}

int codeOf(const Json& request) {
  const auto problem = interactiveSendProblem(request);
  return problem ? problem->code : 0;
}

TEST(InteractiveLimitsTest, AcceptsValidButtonsAndListsAndIgnoresOtherTypes) {
  EXPECT_EQ(codeOf(buttons()), 0);
  EXPECT_EQ(codeOf(list()), 0);
  EXPECT_EQ(codeOf(Json::parse(R"({"type":"text","text":{"body":"x"}})")), 0);
}

TEST(InteractiveLimitsTest, ValuesPastALimitAre131009) {
  Json four = buttons();
  auto& action = four["interactive"]["action"]["buttons"];
  action.push_back(action[0]);
  action.push_back(action[1]);
  EXPECT_EQ(codeOf(four), 131009);
  Json long_title = buttons();
  long_title["interactive"]["action"]["buttons"][0]["reply"]["title"] = std::string(21, 't');
  EXPECT_EQ(codeOf(long_title), 131009);
  Json same_ids = buttons();
  same_ids["interactive"]["action"]["buttons"][1]["reply"]["id"] = "yes";
  EXPECT_EQ(codeOf(same_ids), 131009);
  Json media_header = list();
  media_header["interactive"]["header"] = {{"type", "image"}, {"image", {{"link", "https://x"}}}};
  EXPECT_EQ(codeOf(media_header), 131009);
  Json rows = list();
  for (int i = 0; i < 10; ++i) {
    rows["interactive"]["action"]["sections"][0]["rows"].push_back(
        {{"id", "r" + std::to_string(i)}, {"title", "T"}});
  }
  EXPECT_EQ(codeOf(rows), 131009);
}

TEST(InteractiveLimitsTest, MissingParametersAre100) {
  Json no_body = buttons();
  no_body["interactive"].erase("body");
  EXPECT_EQ(codeOf(no_body), 100);
  Json no_sections = list();
  no_sections["interactive"]["action"].erase("sections");
  EXPECT_EQ(codeOf(no_sections), 100);
}

}  // namespace
}  // namespace mensajero::provider_sim
