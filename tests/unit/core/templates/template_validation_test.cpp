#include "core/templates/template_validation.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/templates/template_json.h"

namespace mensajero::core::templates {
namespace {

using nlohmann::json;

// The error code validation gives for `content` (parsed from JSON), "" when it passes.
std::string codeFor(const json& content) {
  auto parsed = parseTemplateContent(content);
  if (!parsed) return parsed.error().code;
  Status valid = validateTemplateContent(*parsed);
  return valid ? std::string() : valid.error().code;
}

json body(std::string text, json examples = json::array()) {
  return {{"body", {{"text", std::move(text)}, {"examples", std::move(examples)}}}};
}

TEST(TemplateValidationTest, AcceptsAPositionalReminderWithEveryPart) {
  json content = body("Hola {{1}}, su cita es el {{2}}.", {"Ana", "12/05 10:30"});
  content["header"] = {{"format", "text"}, {"text", "Cita {{1}}"}, {"examples", {"Clinica"}}};
  content["footer"] = {{"text", "Responda STOP para no recibir"}};
  content["buttons"] = {
      {{"type", "quick_reply"}, {"text", "Confirmar"}},
      {{"type", "url"}, {"text", "Ver"}, {"url", "https://c.example/{{1}}"}, {"example", "ab12"}},
      {{"type", "phone_number"}, {"text", "Llamar"}, {"phone_number", "+34911222333"}}};
  EXPECT_EQ(codeFor(content), "");
}

TEST(TemplateValidationTest, AcceptsNamedParametersAndInfersTheFormat) {
  json content = body("Hola {{patient_name}}, su cita es el {{date}}.",
                      {{"patient_name", "Ana"}, {"date", "lunes"}});
  auto parsed = parseTemplateContent(content);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->parameter_format, ParameterFormat::Named);
  EXPECT_TRUE(validateTemplateContent(*parsed).ok());
}

TEST(TemplateValidationTest, EachRuleHasItsOwnCode) {
  EXPECT_EQ(codeFor(body("")), "template_body_missing");
  EXPECT_EQ(codeFor(body(std::string(1025, 'a'))), "template_body_too_long");
  EXPECT_EQ(codeFor(body("Hola {{1} x")), "template_parameter_malformed");
  EXPECT_EQ(codeFor(body("Hola {{Name}} x", {{"Name", "a"}})), "template_parameter_malformed");
  EXPECT_EQ(codeFor(body("Hola {{1}} y {{name}} x", {{"name", "a"}})),
            "template_parameter_format_mixed");
  EXPECT_EQ(codeFor(body("Hola {{1}} y {{3}} x", {"a", "b"})), "template_parameter_numbering");
  EXPECT_EQ(codeFor(body("Hola {{2}} x", {"a"})), "template_parameter_numbering");
  EXPECT_EQ(codeFor(body("Hola {{1}}{{2}} x", {"a", "b"})), "template_parameters_adjacent");
  EXPECT_EQ(codeFor(body("{{1}} hola", {"a"})), "template_parameter_at_edge");
  EXPECT_EQ(codeFor(body("hola {{1}}", {"a"})), "template_parameter_at_edge");
  EXPECT_EQ(codeFor(body("Hola {{1}} y {{2}} x", {"a"})), "template_example_missing");
  EXPECT_EQ(codeFor(body("Hola {{1}} x", {"a", "b"})), "template_example_unknown");
  EXPECT_EQ(codeFor(body("Hola {{1}} x", {""})), "template_example_missing");
}

TEST(TemplateValidationTest, ARepeatedPositionalParameterNeedsOneExample) {
  EXPECT_EQ(codeFor(body("Hola {{1}}, {{1}} x", {"a"})), "");
}

TEST(TemplateValidationTest, HeaderRules) {
  json content = body("Hola");
  content["header"] = {{"format", "text"}, {"text", std::string(61, 'h')}};
  EXPECT_EQ(codeFor(content), "template_header_too_long");
  content["header"] = {{"format", "text"}, {"text", "A {{1}} B {{2}}"}, {"examples", {"a", "b"}}};
  EXPECT_EQ(codeFor(content), "template_header_too_many_parameters");
  content["header"] = {{"format", "text"}, {"text", "A {{1}}"}};
  EXPECT_EQ(codeFor(content), "template_example_missing");
  content["header"] = {{"format", "image"}, {"text", "no"}};
  EXPECT_EQ(codeFor(content), "template_header_invalid");
  content["header"] = {{"format", "gif"}};
  EXPECT_EQ(codeFor(content), "template_content_invalid");
  content["header"] = {{"format", "document"}};
  EXPECT_EQ(codeFor(content), "");
}

TEST(TemplateValidationTest, FooterRules) {
  json content = body("Hola");
  content["footer"] = {{"text", std::string(61, 'f')}};
  EXPECT_EQ(codeFor(content), "template_footer_too_long");
  content["footer"] = {{"text", "Hola {{1}}"}};
  EXPECT_EQ(codeFor(content), "template_footer_has_parameters");
}

TEST(TemplateValidationTest, ButtonRules) {
  json quick = {{"type", "quick_reply"}, {"text", "Ok"}};
  json url = {{"type", "url"}, {"text", "Ver"}, {"url", "https://c.example/a"}};
  json phone = {{"type", "phone_number"}, {"text", "Llamar"}, {"phone_number", "+34911222333"}};
  json content = body("Hola");

  content["buttons"] = json::array();
  for (int i = 0; i < 11; ++i) content["buttons"].push_back(quick);
  EXPECT_EQ(codeFor(content), "template_too_many_buttons");
  content["buttons"] = {url, url, url};
  EXPECT_EQ(codeFor(content), "template_too_many_url_buttons");
  content["buttons"] = {phone, phone};
  EXPECT_EQ(codeFor(content), "template_too_many_phone_buttons");
  content["buttons"] = {{{"type", "quick_reply"}, {"text", std::string(26, 'b')}}};
  EXPECT_EQ(codeFor(content), "template_button_text_too_long");
  content["buttons"] = {{{"type", "quick_reply"}}};
  EXPECT_EQ(codeFor(content), "template_button_text_missing");
  content["buttons"] = {
      {{"type", "url"}, {"text", "Ver"}, {"url", "https://c.example/{{1}}/x"}, {"example", "a"}}};
  EXPECT_EQ(codeFor(content), "template_button_url_invalid");
  content["buttons"] = {{{"type", "url"}, {"text", "Ver"}, {"url", "ftp://c.example/"}}};
  EXPECT_EQ(codeFor(content), "template_button_url_invalid");
  content["buttons"] = {{{"type", "url"}, {"text", "Ver"}, {"url", "https://c.example/{{1}}"}}};
  EXPECT_EQ(codeFor(content), "template_example_missing");
  content["buttons"] = {{{"type", "phone_number"}, {"text", "Llamar"}, {"phone_number", "911"}}};
  EXPECT_EQ(codeFor(content), "template_button_phone_invalid");
  content["buttons"] = {{{"type", "call"}, {"text", "x"}}};
  EXPECT_EQ(codeFor(content), "template_content_invalid");
}

TEST(TemplateValidationTest, NameAndLanguage) {
  EXPECT_TRUE(validateTemplateName("appointment_reminder_2").ok());
  EXPECT_EQ(validateTemplateName("Appointment").error().code, "template_name_invalid");
  EXPECT_EQ(validateTemplateName("").error().code, "template_name_invalid");
  EXPECT_EQ(validateTemplateName(std::string(513, 'a')).error().code, "template_name_invalid");
  EXPECT_TRUE(validateTemplateName(std::string(512, 'a')).ok());
  EXPECT_TRUE(validateTemplateLanguage("es").ok());
  EXPECT_TRUE(validateTemplateLanguage("es_MX").ok());
  EXPECT_TRUE(validateTemplateLanguage("fil").ok());
  EXPECT_EQ(validateTemplateLanguage("es-MX").error().code, "template_language_invalid");
  EXPECT_EQ(validateTemplateLanguage("").error().code, "template_language_invalid");
  EXPECT_EQ(validateTemplateLanguage("es_mx").error().code, "template_language_invalid");
}

TEST(TemplateValidationTest, JsonRoundTripKeepsTheContent) {
  json content = body("Hola {{1}}, ver {{2}}.", {"Ana", "x"});
  content["header"] = {{"format", "video"}, {"example", "https://c.example/v.mp4"}};
  content["footer"] = {{"text", "pie"}};
  content["buttons"] = {
      {{"type", "url"}, {"text", "Ver"}, {"url", "https://c.example/{{1}}"}, {"example", "ab"}}};
  auto parsed = parseTemplateContent(content);
  ASSERT_TRUE(parsed.ok());
  json again = toJson(*parsed);
  auto reparsed = parseTemplateContent(again);
  ASSERT_TRUE(reparsed.ok());
  EXPECT_EQ(toJson(*reparsed), again);
  EXPECT_EQ(again["parameter_format"], "positional");
  EXPECT_EQ(again["body"]["examples"], json({"Ana", "x"}));
  EXPECT_EQ(again["header"]["format"], "video");
}

}  // namespace
}  // namespace mensajero::core::templates
