#include "core/templates/template_binding.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/templates/template_json.h"

namespace mensajero::core::templates {
namespace {

using nlohmann::json;

TemplateContent reminder() {
  json content = {
      {"header", {{"format", "text"}, {"text", "Cita en {{1}}"}, {"examples", {"Centro"}}}},
      {"body", {{"text", "Hola {{1}}, su cita es el {{2}}."}, {"examples", {"Ana", "lunes"}}}},
      {"footer", {{"text", "Clinica"}}},
      {"buttons",
       {{{"type", "quick_reply"}, {"text", "Confirmar"}},
        {{"type", "url"},
         {"text", "Ver"},
         {"url", "https://c.example/{{1}}"},
         {"example", "ab"}}}}};
  return parseTemplateContent(content).value();
}

json fullParameters() {
  return {
      {"body", {"Ana", "12/05 10:30"}},
      {"header", {{"type", "text"}, {"text", "Centro"}}},
      {"buttons", {{{"index", 0}, {"payload", "CONFIRM:778"}}, {{"index", 1}, {"text", "x9"}}}}};
}

std::string codeFor(const TemplateContent& content, const json& parameters) {
  auto bound = bindParameters(content, parameters);
  return bound ? std::string() : bound.error().code;
}

TEST(TemplateBindingTest, RendersWhatThePatientSees) {
  auto bound = bindParameters(reminder(), fullParameters());
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  EXPECT_EQ(renderText(reminder(), *bound),
            "Cita en Centro\nHola Ana, su cita es el 12/05 10:30.\nClinica\n"
            "Ver: https://c.example/x9");
}

TEST(TemplateBindingTest, ParametersJsonIsWhatTheChannelNeeds) {
  auto bound = bindParameters(reminder(), fullParameters());
  ASSERT_TRUE(bound.ok());
  const json out = parametersJson(*bound);
  EXPECT_EQ(out["body"][1], json({{"name", "2"}, {"value", "12/05 10:30"}}));
  EXPECT_EQ(out["header"]["value"], "Centro");
  EXPECT_EQ(out["buttons"][0]["payload"], "CONFIRM:778");
  EXPECT_EQ(out["buttons"][1], json({{"index", 1}, {"type", "url"}, {"text", "x9"}}));
}

TEST(TemplateBindingTest, EachSendRuleHasItsOwnCode) {
  const TemplateContent content = reminder();
  json p = fullParameters();
  p["body"] = {"Ana"};
  EXPECT_EQ(codeFor(content, p), "template_parameters_missing");
  p["body"] = {"Ana", "b", "c"};
  EXPECT_EQ(codeFor(content, p), "template_parameters_unexpected");
  p["body"] = {"Ana", 5};
  EXPECT_EQ(codeFor(content, p), "template_parameter_invalid");
  p["body"] = {"Ana", "two\nlines"};
  EXPECT_EQ(codeFor(content, p), "template_parameter_invalid");
  p["body"] = {{"name", "Ana"}};
  EXPECT_EQ(codeFor(content, p), "template_content_invalid");
  p = fullParameters();
  p.erase("header");
  EXPECT_EQ(codeFor(content, p), "template_header_parameter_missing");
  p = fullParameters();
  p["header"] = {{"type", "image"}, {"link", "https://c.example/a.png"}};
  EXPECT_EQ(codeFor(content, p), "template_header_parameter_missing");
  p = fullParameters();
  p["buttons"] = {{{"index", 0}, {"payload", "x"}}};
  EXPECT_EQ(codeFor(content, p), "template_button_parameter_missing");
  p["buttons"] = {{{"index", 7}, {"payload", "x"}}};
  EXPECT_EQ(codeFor(content, p), "template_button_invalid");
  p["buttons"] = {{{"index", 1}, {"payload", "x"}}};
  EXPECT_EQ(codeFor(content, p), "template_button_invalid");
  p = fullParameters();
  p["extra"] = 1;
  EXPECT_EQ(codeFor(content, p), "template_content_invalid");
}

TEST(TemplateBindingTest, NamedParametersAndAMediaHeader) {
  json content = {{"header", {{"format", "document"}}},
                  {"body",
                   {{"text", "Hola {{patient_name}}, resultados listos."},
                    {"examples", {{"patient_name", "Ana"}}}}}};
  const TemplateContent named = parseTemplateContent(content).value();
  json p = {{"body", {{"patient_name", "Ana"}}},
            {"header",
             {{"type", "document"}, {"link", "https://c.example/r.pdf"}, {"filename", "r.pdf"}}}};
  auto bound = bindParameters(named, p);
  ASSERT_TRUE(bound.ok()) << bound.error().message;
  EXPECT_EQ(renderText(named, *bound), "Hola Ana, resultados listos.");
  EXPECT_EQ(parametersJson(*bound)["header"]["filename"], "r.pdf");

  p["header"]["type"] = "image";
  EXPECT_EQ(codeFor(named, p), "template_header_media_mismatch");
  p["header"] = {{"type", "document"}, {"link", "http://c.example/r.pdf"}};
  EXPECT_EQ(codeFor(named, p), "template_header_media_mismatch");
  p["header"] = {{"type", "document"}, {"link", "https://c.example/r.pdf"}};
  p["body"] = {{"patient_name", "Ana"}, {"other", "x"}};
  EXPECT_EQ(codeFor(named, p), "template_parameters_unexpected");
  p["body"] = json::object();
  EXPECT_EQ(codeFor(named, p), "template_parameters_missing");
}

TEST(TemplateBindingTest, ATemplateWithoutParametersTakesNone) {
  const TemplateContent plain =
      parseTemplateContent({{"body", {{"text", "Su resultado esta listo."}}}}).value();
  auto bound = bindParameters(plain, nullptr);
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ(renderText(plain, *bound), "Su resultado esta listo.");
  EXPECT_EQ(codeFor(plain, {{"body", {"x"}}}), "template_parameters_unexpected");
  EXPECT_EQ(codeFor(plain, {{"header", {{"type", "text"}, {"text", "x"}}}}),
            "template_parameters_unexpected");
}

}  // namespace
}  // namespace mensajero::core::templates
