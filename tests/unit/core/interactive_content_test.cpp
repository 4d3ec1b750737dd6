// Meta's limits on reply buttons and lists (providers.md §1.2), each refused with its own code,
// counted in characters, and the normalised payload stored as metadata.interactive.
#include "core/message_content/interactive_content.h"

#include <string>

#include <gtest/gtest.h>

namespace mensajero::core {
namespace {

std::string repeat(const std::string& unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

InteractiveContent buttons() {
  InteractiveContent content;
  content.type = "button";
  content.body = "¿Confirma su cita del martes?";
  content.buttons = {{"appt_778_yes", "Confirmo"}, {"appt_778_no", "Cancelar"}};
  return content;
}

InteractiveContent list() {
  InteractiveContent content;
  content.type = "list";
  content.body = "Elija un horario";
  content.list_button = "Horarios";
  content.sections = {{"Lunes", {{"slot_1", "09:00", "Dr. Ruiz"}, {"slot_2", "10:00", ""}}}};
  return content;
}

std::string codeOf(const InteractiveContent& content) {
  const Status status = validateInteractiveContent(content);
  return status ? std::string("ok") : status.error().code;
}

TEST(InteractiveContentTest, AcceptsButtonsAndListsWithinTheLimits) {
  EXPECT_EQ(codeOf(buttons()), "ok");
  EXPECT_EQ(codeOf(list()), "ok");
}

TEST(InteractiveContentTest, RefusesAnUnknownType) {
  InteractiveContent content = buttons();
  content.type = "carousel";
  EXPECT_EQ(codeOf(content), "invalid_interactive_type");
}

TEST(InteractiveContentTest, BodyIsRequiredAndBoundedPerType) {
  InteractiveContent content = buttons();
  content.body.clear();
  EXPECT_EQ(codeOf(content), "interactive_body_required");
  content.body = repeat("a", 1024);
  EXPECT_EQ(codeOf(content), "ok");
  content.body = repeat("a", 1025);
  EXPECT_EQ(codeOf(content), "interactive_body_too_long");
  InteractiveContent long_list = list();
  long_list.body = repeat("a", 4096);
  EXPECT_EQ(codeOf(long_list), "ok");
  long_list.body += "a";
  EXPECT_EQ(codeOf(long_list), "interactive_body_too_long");
}

TEST(InteractiveContentTest, CountsCharactersNotBytes) {
  InteractiveContent content = buttons();
  content.buttons[0].title = repeat("ñ", 20);  // 40 bytes, 20 characters
  EXPECT_EQ(codeOf(content), "ok");
  content.buttons[0].title = repeat("ñ", 21);
  EXPECT_EQ(codeOf(content), "button_title_too_long");
}

TEST(InteractiveContentTest, FooterIsOptionalUpTo60Characters) {
  InteractiveContent content = buttons();
  content.footer = repeat("f", 60);
  EXPECT_EQ(codeOf(content), "ok");
  content.footer += "f";
  EXPECT_EQ(codeOf(content), "interactive_footer_too_long");
}

TEST(InteractiveContentTest, RefusesANulInAnyText) {
  InteractiveContent content = buttons();
  content.buttons[1].title = std::string("No\0pe", 5);
  EXPECT_EQ(codeOf(content), "invalid_content");
}

TEST(InteractiveContentTest, ButtonsNeedOneToThree) {
  InteractiveContent content = buttons();
  content.buttons.clear();
  EXPECT_EQ(codeOf(content), "no_buttons");
  content.buttons = {{"a", "A"}, {"b", "B"}, {"c", "C"}};
  EXPECT_EQ(codeOf(content), "ok");
  content.buttons.push_back({"d", "D"});
  EXPECT_EQ(codeOf(content), "too_many_buttons");
}

TEST(InteractiveContentTest, ButtonIdsAreRequiredBoundedAndUnique) {
  InteractiveContent content = buttons();
  content.buttons[0].id.clear();
  EXPECT_EQ(codeOf(content), "button_id_required");
  content.buttons[0].id = repeat("i", 256);
  EXPECT_EQ(codeOf(content), "ok");
  content.buttons[0].id += "i";
  EXPECT_EQ(codeOf(content), "button_id_too_long");
  content.buttons[0].id = content.buttons[1].id;
  EXPECT_EQ(codeOf(content), "duplicate_button_id");
}

TEST(InteractiveContentTest, ButtonTitlesAreRequired) {
  InteractiveContent content = buttons();
  content.buttons[0].title.clear();
  EXPECT_EQ(codeOf(content), "button_title_required");
}

TEST(InteractiveContentTest, ButtonsTakeATextOrMediaHeader) {
  InteractiveContent content = buttons();
  content.header = InteractiveHeader{"image", "", "https://clinic.example/logo.png", ""};
  EXPECT_EQ(codeOf(content), "ok");
  content.header = InteractiveHeader{"document", "", "https://clinic.example/r.pdf", "cita.pdf"};
  EXPECT_EQ(codeOf(content), "ok");
  content.header = InteractiveHeader{"image", "", "http://clinic.example/logo.png", ""};
  EXPECT_EQ(codeOf(content), "invalid_interactive_header");
  content.header = InteractiveHeader{"image", "", "https://clinic.example/a b.png", ""};
  EXPECT_EQ(codeOf(content), "invalid_interactive_header");
  content.header = InteractiveHeader{"text", repeat("h", 61), "", ""};
  EXPECT_EQ(codeOf(content), "interactive_header_too_long");
  content.header = InteractiveHeader{"audio", "", "https://clinic.example/a.ogg", ""};
  EXPECT_EQ(codeOf(content), "invalid_interactive_header");
}

TEST(InteractiveContentTest, AListHeaderMayOnlyBeText) {
  InteractiveContent content = list();
  content.header = InteractiveHeader{"text", "Clínica Norte", "", ""};
  EXPECT_EQ(codeOf(content), "ok");
  content.header = InteractiveHeader{"image", "", "https://clinic.example/logo.png", ""};
  EXPECT_EQ(codeOf(content), "invalid_interactive_header");
}

TEST(InteractiveContentTest, ListButtonLabelIsRequiredUpTo20Characters) {
  InteractiveContent content = list();
  content.list_button.clear();
  EXPECT_EQ(codeOf(content), "list_button_required");
  content.list_button = repeat("b", 21);
  EXPECT_EQ(codeOf(content), "list_button_too_long");
}

TEST(InteractiveContentTest, ListNeedsOneToTenSections) {
  InteractiveContent content = list();
  content.sections.clear();
  EXPECT_EQ(codeOf(content), "no_sections");
  for (int i = 0; i < 11; ++i) {
    content.sections.push_back({"S" + std::to_string(i), {{"r" + std::to_string(i), "R", ""}}});
  }
  EXPECT_EQ(codeOf(content), "too_many_sections");
}

TEST(InteractiveContentTest, ListHoldsAtMostTenRowsOverAllSections) {
  InteractiveContent content = list();
  content.sections.push_back({"Martes", {}});
  for (int i = 0; i < 8; ++i) {
    content.sections[1].rows.push_back({"tue_" + std::to_string(i), "11:00", ""});
  }
  EXPECT_EQ(codeOf(content), "ok");  // 2 + 8
  content.sections[1].rows.push_back({"tue_extra", "12:00", ""});
  EXPECT_EQ(codeOf(content), "too_many_rows");
}

TEST(InteractiveContentTest, EverySectionNeedsRowsAndATitleWhenThereAreSeveral) {
  InteractiveContent content = list();
  content.sections.push_back({"Martes", {}});
  EXPECT_EQ(codeOf(content), "no_rows");
  content.sections[1] = {"", {{"tue", "11:00", ""}}};
  EXPECT_EQ(codeOf(content), "section_title_required");
  content.sections[1].title = repeat("t", 25);
  EXPECT_EQ(codeOf(content), "section_title_too_long");
}

TEST(InteractiveContentTest, RowsFollowMetasLimits) {
  InteractiveContent content = list();
  content.sections[0].rows[0].id = repeat("i", 201);
  EXPECT_EQ(codeOf(content), "row_id_too_long");
  content.sections[0].rows[0].id.clear();
  EXPECT_EQ(codeOf(content), "row_id_required");
  content.sections[0].rows[0].id = "slot_2";
  EXPECT_EQ(codeOf(content), "duplicate_row_id");
  content = list();
  content.sections[0].rows[0].title = repeat("t", 25);
  EXPECT_EQ(codeOf(content), "row_title_too_long");
  content.sections[0].rows[0].title.clear();
  EXPECT_EQ(codeOf(content), "row_title_required");
  content = list();
  content.sections[0].rows[0].description = repeat("d", 73);
  EXPECT_EQ(codeOf(content), "row_description_too_long");
}

TEST(InteractiveContentTest, MetadataKeepsOnlyTheFieldsOfItsType) {
  InteractiveContent content = buttons();
  content.footer = "Clínica Norte";
  content.sections = list().sections;  // not a button message's: left out
  EXPECT_EQ(interactiveMetadata(content),
            nlohmann::json::parse(R"({"type":"button","body":"¿Confirma su cita del martes?",
              "footer":"Clínica Norte","buttons":[{"id":"appt_778_yes","title":"Confirmo"},
              {"id":"appt_778_no","title":"Cancelar"}]})"));
  EXPECT_EQ(interactiveMetadata(list()),
            nlohmann::json::parse(R"({"type":"list","body":"Elija un horario","button":"Horarios",
              "sections":[{"title":"Lunes","rows":[{"id":"slot_1","title":"09:00",
              "description":"Dr. Ruiz"},{"id":"slot_2","title":"10:00"}]}]})"));
}

}  // namespace
}  // namespace mensajero::core
