#include "core/templates/template_json.h"

#include <string>

#include "core/templates/template_placeholders.h"
#include "core/templates/template_validation.h"

namespace mensajero::core::templates {
namespace {

using nlohmann::json;

Error shapeError(const std::string& field, const char* problem) {
  return makeError(ErrorCategory::Invalid, "template_content_invalid", field + " " + problem);
}

// The optional string object[field]; "" when absent.
Result<std::string> optionalString(const json& object, const char* field, const std::string& path) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return shapeError(path + "." + field, "must be a string");
  return it->get<std::string>();
}

// Examples: an array (positional, named "1", "2", ...) or an object (named).
Result<std::vector<ParameterExample>> readExamples(const json& object, const std::string& path) {
  std::vector<ParameterExample> examples;
  auto it = object.find("examples");
  if (it == object.end() || it->is_null()) return examples;
  if (it->size() > kMaxBodyParameters) return shapeError(path + ".examples", "has too many items");
  if (it->is_array()) {
    for (std::size_t i = 0; i < it->size(); ++i) {
      if (!(*it)[i].is_string()) return shapeError(path + ".examples", "must hold strings");
      examples.push_back({std::to_string(i + 1), (*it)[i].get<std::string>()});
    }
    return examples;
  }
  if (!it->is_object()) return shapeError(path + ".examples", "must be an array or an object");
  for (const auto& [name, value] : it->items()) {
    if (!value.is_string()) return shapeError(path + ".examples", "must hold strings");
    examples.push_back({name, value.get<std::string>()});
  }
  return examples;
}

Result<const json*> optionalObject(const json& content, const char* field) {
  auto it = content.find(field);
  if (it == content.end() || it->is_null()) return static_cast<const json*>(nullptr);
  if (!it->is_object()) return shapeError(field, "must be an object");
  return &*it;
}

Status readHeader(const json& content, TemplateHeader& header) {
  auto object = optionalObject(content, "header");
  if (!object) return object.error();
  if (*object == nullptr) return {};
  auto format = optionalString(**object, "format", "header");
  if (!format) return format.error();
  auto parsed = parseHeaderFormat(*format);
  if (!parsed) return shapeError("header.format", "must be text, image, video or document");
  header.format = *parsed;
  auto text = optionalString(**object, "text", "header");
  if (!text) return text.error();
  header.text = std::move(*text);
  auto example = optionalString(**object, "example", "header");
  if (!example) return example.error();
  header.media_example = std::move(*example);
  auto examples = readExamples(**object, "header");
  if (!examples) return examples.error();
  header.examples = std::move(*examples);
  return {};
}

Status readBody(const json& content, TemplateBody& body) {
  auto object = optionalObject(content, "body");
  if (!object) return object.error();
  if (*object == nullptr) return shapeError("body", "is required");
  auto text = optionalString(**object, "text", "body");
  if (!text) return text.error();
  body.text = std::move(*text);
  auto examples = readExamples(**object, "body");
  if (!examples) return examples.error();
  body.examples = std::move(*examples);
  return {};
}

Result<TemplateButton> readButton(const json& item) {
  if (!item.is_object()) return shapeError("buttons", "must hold objects");
  TemplateButton button;
  auto type = optionalString(item, "type", "buttons[]");
  if (!type) return type.error();
  auto parsed = parseButtonType(*type);
  if (!parsed) return shapeError("buttons[].type", "must be quick_reply, url or phone_number");
  button.type = *parsed;
  for (auto [field, target] : {std::pair{"text", &button.text}, std::pair{"url", &button.url},
                               std::pair{"example", &button.url_example},
                               std::pair{"phone_number", &button.phone_number}}) {
    auto value = optionalString(item, field, "buttons[]");
    if (!value) return value.error();
    *target = std::move(*value);
  }
  return button;
}

Status readButtons(const json& content, std::vector<TemplateButton>& buttons) {
  auto it = content.find("buttons");
  if (it == content.end() || it->is_null()) return {};
  if (!it->is_array()) return shapeError("buttons", "must be an array");
  if (it->size() > kMaxButtons) {
    return makeError(ErrorCategory::Invalid, "template_too_many_buttons",
                     "a template has at most 10 buttons");
  }
  for (const json& item : *it) {
    auto button = readButton(item);
    if (!button) return button.error();
    buttons.push_back(std::move(*button));
  }
  return {};
}

// Named when the body has a named parameter, else positional. A malformed body stays
// positional; validation reports the fault.
ParameterFormat inferFormat(const std::string& body) {
  auto placeholders = findPlaceholders(body);
  if (!placeholders) return ParameterFormat::Positional;
  for (const Placeholder& placeholder : *placeholders) {
    if (!placeholder.positional) return ParameterFormat::Named;
  }
  return ParameterFormat::Positional;
}

json examplesJson(const std::vector<ParameterExample>& examples, ParameterFormat format) {
  if (format == ParameterFormat::Positional) {
    json list = json::array();
    for (const ParameterExample& example : examples) list.push_back(example.value);
    return list;
  }
  json named = json::object();
  for (const ParameterExample& example : examples) named[example.name] = example.value;
  return named;
}

}  // namespace

Result<TemplateContent> parseTemplateContent(const json& content) {
  if (!content.is_object()) return shapeError("content", "must be an object");
  TemplateContent parsed;
  if (Status body = readBody(content, parsed.body); !body) return body.error();
  if (Status header = readHeader(content, parsed.header); !header) return header.error();
  auto footer = optionalObject(content, "footer");
  if (!footer) return footer.error();
  if (*footer != nullptr) {
    auto text = optionalString(**footer, "text", "footer");
    if (!text) return text.error();
    parsed.footer = std::move(*text);
  }
  if (Status buttons = readButtons(content, parsed.buttons); !buttons) return buttons.error();
  auto format = optionalString(content, "parameter_format", "content");
  if (!format) return format.error();
  if (format->empty()) {
    parsed.parameter_format = inferFormat(parsed.body.text);
  } else if (auto known = parseParameterFormat(*format)) {
    parsed.parameter_format = *known;
  } else {
    return shapeError("parameter_format", "must be positional or named");
  }
  return parsed;
}

json toJson(const TemplateContent& content) {
  json out = {{"parameter_format", toText(content.parameter_format)}};
  if (content.header.format == HeaderFormat::Text) {
    out["header"] = {{"format", "text"},
                     {"text", content.header.text},
                     {"examples", examplesJson(content.header.examples, content.parameter_format)}};
  } else if (content.header.format != HeaderFormat::None) {
    out["header"] = {{"format", toText(content.header.format)}};
    if (!content.header.media_example.empty()) {
      out["header"]["example"] = content.header.media_example;
    }
  }
  out["body"] = {{"text", content.body.text},
                 {"examples", examplesJson(content.body.examples, content.parameter_format)}};
  if (!content.footer.empty()) out["footer"] = {{"text", content.footer}};
  if (!content.buttons.empty()) {
    json buttons = json::array();
    for (const TemplateButton& button : content.buttons) {
      json item = {{"type", toText(button.type)}, {"text", button.text}};
      if (button.type == ButtonType::Url) item["url"] = button.url;
      if (!button.url_example.empty()) item["example"] = button.url_example;
      if (button.type == ButtonType::PhoneNumber) item["phone_number"] = button.phone_number;
      buttons.push_back(std::move(item));
    }
    out["buttons"] = std::move(buttons);
  }
  return out;
}

}  // namespace mensajero::core::templates
