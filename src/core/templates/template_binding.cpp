#include "core/templates/template_binding.h"

#include <algorithm>

#include "core/templates/template_placeholders.h"
#include "core/utf8.h"

namespace mensajero::core::templates {
namespace {

using nlohmann::json;

Error invalid(const char* code, std::string message) {
  return makeError(ErrorCategory::Invalid, code, std::move(message));
}

const json* member(const json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

// object[name] when it is a string, else "" (json::value() throws on another type).
std::string stringMember(const json& object, const char* name) {
  const json* found = member(object, name);
  return found != nullptr && found->is_string() ? found->get<std::string>() : std::string();
}

Result<std::string> parameterValue(const json& value, const std::string& what) {
  if (!value.is_string()) return invalid("template_parameter_invalid", what + " must be a string");
  std::string text = value.get<std::string>();
  if (text.empty() || utf8Length(text) > kMaxParameterLength) {
    return invalid("template_parameter_invalid", what + " must be 1 to 1024 characters");
  }
  // Meta refuses new lines and tabs inside a parameter (secondary sources: error 132018).
  if (text.find_first_of("\n\t\r") != std::string::npos || text.find('\0') != std::string::npos) {
    return invalid("template_parameter_invalid", what + " must not hold new lines or tabs");
  }
  return text;
}

// The distinct parameter names of `text` (validated when the template was stored); numbers
// sorted for a positional template.
std::vector<std::string> parameterNames(const std::string& text, ParameterFormat format) {
  auto placeholders = findPlaceholders(text);
  if (!placeholders) return {};
  std::vector<std::string> names = distinctNames(*placeholders);
  if (format == ParameterFormat::Positional) {
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
      return std::stoi(a) < std::stoi(b);
    });
  }
  return names;
}

Result<std::vector<BoundValue>> bindBody(const TemplateContent& content, const json* values) {
  const std::vector<std::string> names =
      parameterNames(content.body.text, content.parameter_format);
  std::vector<BoundValue> bound;
  if (values == nullptr || values->is_null()) {
    if (names.empty()) return bound;
    return invalid("template_parameters_missing",
                   "the template's body has " + std::to_string(names.size()) + " parameters");
  }
  if (content.parameter_format == ParameterFormat::Positional) {
    if (!values->is_array()) {
      return invalid("template_content_invalid", "parameters.body must be an array");
    }
    if (values->size() < names.size()) {
      return invalid("template_parameters_missing",
                     "parameters.body needs " + std::to_string(names.size()) + " values");
    }
    if (values->size() > names.size()) {
      return invalid("template_parameters_unexpected",
                     "parameters.body takes " + std::to_string(names.size()) + " values");
    }
    for (std::size_t i = 0; i < names.size(); ++i) {
      auto value = parameterValue((*values)[i], "parameters.body[" + std::to_string(i) + "]");
      if (!value) return value.error();
      bound.push_back({names[i], std::move(*value)});
    }
    return bound;
  }
  if (!values->is_object()) {
    return invalid("template_content_invalid", "parameters.body must be an object by name");
  }
  for (const auto& [name, value] : values->items()) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      return invalid("template_parameters_unexpected", "the template has no parameter " + name);
    }
  }
  for (const std::string& name : names) {
    auto it = values->find(name);
    if (it == values->end()) {
      return invalid("template_parameters_missing", "parameters.body." + name + " is required");
    }
    auto value = parameterValue(*it, "parameters.body." + name);
    if (!value) return value.error();
    bound.push_back({name, std::move(*value)});
  }
  return bound;
}

Result<BoundHeader> bindMediaHeader(const TemplateHeader& header, const json& given) {
  BoundHeader bound;
  bound.format = header.format;
  const std::string wanted(toText(header.format));
  if (stringMember(given, "type") != wanted) {
    return invalid("template_header_media_mismatch", "parameters.header.type must be " + wanted);
  }
  auto link = given.find("link");
  if (link == given.end() || !link->is_string() ||
      !link->get_ref<const std::string&>().starts_with("https://") ||
      link->get_ref<const std::string&>().size() > kMaxLinkLength) {
    return invalid("template_header_media_mismatch",
                   "parameters.header.link must be an https URL of at most 2000 characters");
  }
  bound.link = link->get<std::string>();
  if (auto filename = given.find("filename"); filename != given.end() && !filename->is_null()) {
    if (header.format != HeaderFormat::Document) {
      return invalid("template_parameters_unexpected", "only a document header takes a filename");
    }
    auto name = parameterValue(*filename, "parameters.header.filename");
    if (!name) return name.error();
    bound.filename = std::move(*name);
  }
  return bound;
}

Result<BoundHeader> bindHeader(const TemplateContent& content, const json* given) {
  const TemplateHeader& header = content.header;
  const bool has_given = given != nullptr && !given->is_null();
  if (has_given && !given->is_object()) {
    return invalid("template_content_invalid", "parameters.header must be an object");
  }
  if (header.format == HeaderFormat::None) {
    if (has_given) return invalid("template_parameters_unexpected", "the template has no header");
    return BoundHeader{};
  }
  if (header.format != HeaderFormat::Text) {
    if (!has_given) {
      return invalid("template_header_parameter_missing",
                     "parameters.header needs the " + std::string(toText(header.format)) + " link");
    }
    return bindMediaHeader(header, *given);
  }
  BoundHeader bound;
  bound.format = HeaderFormat::Text;
  const std::vector<std::string> names = parameterNames(header.text, content.parameter_format);
  if (names.empty()) {
    if (has_given) return invalid("template_parameters_unexpected", "the header has no parameter");
    return bound;
  }
  if (!has_given || stringMember(*given, "type") != "text" || !given->contains("text")) {
    return invalid("template_header_parameter_missing",
                   "parameters.header must be {\"type\": \"text\", \"text\": ...}");
  }
  auto value = parameterValue(given->at("text"), "parameters.header.text");
  if (!value) return value.error();
  bound.text = BoundValue{names.front(), std::move(*value)};
  return bound;
}

bool urlHasParameter(const TemplateButton& button) {
  return button.type == ButtonType::Url && button.url.find("{{") != std::string::npos;
}

Result<BoundButton> bindButton(const TemplateContent& content, const json& given,
                               const std::vector<BoundButton>& so_far) {
  if (!given.is_object() || !given.contains("index") || !given["index"].is_number_integer()) {
    return invalid("template_button_invalid",
                   "each parameters.buttons item needs an integer index");
  }
  const auto index = given["index"].get<long long>();
  if (index < 0 || index >= static_cast<long long>(content.buttons.size())) {
    return invalid("template_button_invalid",
                   "the template has no button " + std::to_string(index));
  }
  for (const BoundButton& other : so_far) {
    if (other.index == index) return invalid("template_button_invalid", "a button index repeats");
  }
  const TemplateButton& button = content.buttons[static_cast<std::size_t>(index)];
  BoundButton bound;
  bound.index = static_cast<int>(index);
  bound.type = button.type;
  if (button.type == ButtonType::QuickReply && given.contains("payload") &&
      !given.contains("text")) {
    auto payload = parameterValue(given["payload"], "parameters.buttons[].payload");
    if (!payload) return payload.error();
    bound.payload = std::move(*payload);
    return bound;
  }
  if (urlHasParameter(button) && given.contains("text") && !given.contains("payload")) {
    auto text = parameterValue(given["text"], "parameters.buttons[].text");
    if (!text) return text.error();
    bound.text = std::move(*text);
    return bound;
  }
  return invalid("template_button_invalid",
                 "a quick_reply button takes a payload, a URL button with {{1}} a text, others "
                 "nothing");
}

Result<std::vector<BoundButton>> bindButtons(const TemplateContent& content, const json* given) {
  std::vector<BoundButton> bound;
  if (given != nullptr && !given->is_null()) {
    if (!given->is_array() || given->size() > content.buttons.size()) {
      return invalid("template_button_invalid",
                     "parameters.buttons must be an array with at most one item per button");
    }
    for (const json& item : *given) {
      auto button = bindButton(content, item, bound);
      if (!button) return button.error();
      bound.push_back(std::move(*button));
    }
  }
  for (std::size_t i = 0; i < content.buttons.size(); ++i) {
    if (!urlHasParameter(content.buttons[i])) continue;
    bool given_value = std::any_of(bound.begin(), bound.end(), [i](const BoundButton& b) {
      return b.index == static_cast<int>(i);
    });
    if (!given_value) {
      return invalid("template_button_parameter_missing",
                     "button " + std::to_string(i) + " needs the text of its URL's {{1}}");
    }
  }
  std::sort(bound.begin(), bound.end(),
            [](const BoundButton& a, const BoundButton& b) { return a.index < b.index; });
  return bound;
}

std::string fill(const std::string& text, const std::vector<BoundValue>& values) {
  auto placeholders = findPlaceholders(text);
  if (!placeholders) return text;
  std::string out;
  std::size_t at = 0;
  for (const Placeholder& placeholder : *placeholders) {
    out.append(text, at, placeholder.begin - at);
    auto value = std::find_if(values.begin(), values.end(),
                              [&](const BoundValue& v) { return v.name == placeholder.name; });
    out += value != values.end()
               ? value->value
               : text.substr(placeholder.begin, placeholder.end - placeholder.begin);
    at = placeholder.end;
  }
  out.append(text, at, std::string::npos);
  return out;
}

}  // namespace

Result<BoundTemplate> bindParameters(const TemplateContent& content, const json& parameters) {
  if (!parameters.is_null() && !parameters.is_object()) {
    return invalid("template_content_invalid", "content.parameters must be an object");
  }
  if (parameters.is_object()) {
    for (const auto& [key, value] : parameters.items()) {
      if (key != "body" && key != "header" && key != "buttons") {
        return invalid("template_content_invalid", "content.parameters has an unknown key " + key);
      }
    }
  }
  BoundTemplate bound;
  auto body = bindBody(content, member(parameters, "body"));
  if (!body) return body.error();
  bound.body = std::move(*body);
  auto header = bindHeader(content, member(parameters, "header"));
  if (!header) return header.error();
  bound.header = std::move(*header);
  auto buttons = bindButtons(content, member(parameters, "buttons"));
  if (!buttons) return buttons.error();
  bound.buttons = std::move(*buttons);
  return bound;
}

std::string renderText(const TemplateContent& content, const BoundTemplate& bound) {
  std::vector<std::string> lines;
  if (content.header.format == HeaderFormat::Text) {
    std::vector<BoundValue> header_values;
    if (bound.header.text) header_values.push_back(*bound.header.text);
    lines.push_back(fill(content.header.text, header_values));
  }
  lines.push_back(fill(content.body.text, bound.body));
  if (!content.footer.empty()) lines.push_back(content.footer);
  for (std::size_t i = 0; i < content.buttons.size(); ++i) {
    const TemplateButton& button = content.buttons[i];
    if (button.type != ButtonType::Url) continue;
    std::vector<BoundValue> url_values;
    for (const BoundButton& given : bound.buttons) {
      if (given.index == static_cast<int>(i)) url_values.push_back({"1", given.text});
    }
    lines.push_back(button.text + ": " + fill(button.url, url_values));
  }
  std::string text;
  for (const std::string& line : lines) {
    if (!text.empty()) text += '\n';
    text += line;
  }
  return text;
}

json parametersJson(const BoundTemplate& bound) {
  json out = json::object();
  json body = json::array();
  for (const BoundValue& value : bound.body)
    body.push_back({{"name", value.name}, {"value", value.value}});
  out["body"] = std::move(body);
  if (bound.header.text) {
    out["header"] = {
        {"type", "text"}, {"name", bound.header.text->name}, {"value", bound.header.text->value}};
  } else if (!bound.header.link.empty()) {
    out["header"] = {{"type", toText(bound.header.format)}, {"link", bound.header.link}};
    if (!bound.header.filename.empty()) out["header"]["filename"] = bound.header.filename;
  }
  json buttons = json::array();
  for (const BoundButton& button : bound.buttons) {
    json item = {{"index", button.index}, {"type", toText(button.type)}};
    if (button.type == ButtonType::QuickReply) item["payload"] = button.payload;
    if (button.type == ButtonType::Url) item["text"] = button.text;
    buttons.push_back(std::move(item));
  }
  if (!buttons.empty()) out["buttons"] = std::move(buttons);
  return out;
}

}  // namespace mensajero::core::templates
