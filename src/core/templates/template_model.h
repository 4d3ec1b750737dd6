#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/template_category.h"

// A message template's content as the gateway keeps it (message_templates.template_content):
// plain values, no behaviour. The rules are in template_validation.h, the JSON form in
// template_json.h, the text a patient sees in template_render.h.
namespace mensajero::core::templates {

// How the body's parameters are written: {{1}}, {{2}}, ... or {{snake_name}}, never both.
enum class ParameterFormat { Positional, Named };

// "positional", "named".
std::string_view toText(ParameterFormat format);
std::optional<ParameterFormat> parseParameterFormat(std::string_view text);

enum class HeaderFormat { None, Text, Image, Video, Document };

// "none", "text", "image", "video", "document".
std::string_view toText(HeaderFormat format);
std::optional<HeaderFormat> parseHeaderFormat(std::string_view text);

enum class ButtonType { QuickReply, Url, PhoneNumber };

// "quick_reply", "url", "phone_number".
std::string_view toText(ButtonType type);
std::optional<ButtonType> parseButtonType(std::string_view text);

// The example value of one parameter (Meta reviews a template with them). A positional
// parameter is named by its number: "1", "2", ...
struct ParameterExample {
  std::string name;
  std::string value;
};

struct TemplateHeader {
  HeaderFormat format = HeaderFormat::None;
  std::string text;                        // Text only: may hold one parameter
  std::vector<ParameterExample> examples;  // Text only: the example of that parameter
  std::string media_example;               // media only, optional: a sample file's URL
};

struct TemplateBody {
  std::string text;
  std::vector<ParameterExample> examples;  // one per distinct parameter
};

struct TemplateButton {
  ButtonType type = ButtonType::QuickReply;
  std::string text;          // the label
  std::string url;           // Url: may end with one parameter, {{1}}
  std::string url_example;   // Url with a parameter: the example of its value
  std::string phone_number;  // PhoneNumber: E.164
};

struct TemplateContent {
  ParameterFormat parameter_format = ParameterFormat::Positional;
  TemplateHeader header;
  TemplateBody body;
  std::string footer;  // no parameters
  std::vector<TemplateButton> buttons;
};

// A template as created through the API: identity plus content.
struct TemplateDefinition {
  std::string name;      // [a-z0-9_], unique per organization and language
  std::string language;  // Meta's code: "es", "es_MX", "en_US"
  domain::TemplateCategory category = domain::TemplateCategory::Utility;
  TemplateContent content;
};

}  // namespace mensajero::core::templates
