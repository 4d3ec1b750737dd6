#include "channels/meta/meta_template_components.h"

#include <cstddef>
#include <set>
#include <vector>

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

// Meta's limits (characters; counted here in bytes, four per character at most), bounding what
// an import may store. The gateway's own validation applies Meta's exact rules at send time.
constexpr std::size_t kMaxBodyBytes = 4 * 1024;
constexpr std::size_t kMaxHeaderBytes = 4 * 60;
constexpr std::size_t kMaxFooterBytes = 4 * 60;
constexpr std::size_t kMaxButtons = 10;
constexpr std::size_t kMaxButtonTextBytes = 4 * 25;
constexpr std::size_t kMaxButtonTargetBytes = 2000;
constexpr std::size_t kMaxExampleBytes = 1024;
constexpr std::size_t kMaxParameters = 100;

Error invalidContent(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_template_content", std::move(message));
}

// The parameters of a text in order of first appearance: "1", "2" or "first_name".
std::vector<std::string> parametersOf(const std::string& text) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t open = text.find("{{"); open != std::string::npos;
       open = text.find("{{", open + 2)) {
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) break;
    std::string name = text.substr(open + 2, close - open - 2);
    if (!name.empty() && seen.insert(name).second) names.push_back(std::move(name));
    if (names.size() >= kMaxParameters) break;
  }
  return names;
}

bool isPositional(const std::vector<std::string>& names) {
  return !names.empty() && names.front().find_first_not_of("0123456789") == std::string::npos;
}

// The gateway's example of parameter `name`: examples[n-1] (positional array) or
// examples[name] (named object); the parameter's own name when there is none.
std::string exampleFor(const Json& examples, const std::string& name, bool positional) {
  std::string example;
  if (positional && examples.is_array()) {
    // Digits only, at most 6 of them: a name that is not a number has no positional example.
    std::size_t index = 0;
    for (const char c : name.substr(0, 6)) {
      index = c >= '0' && c <= '9' ? index * 10 + static_cast<std::size_t>(c - '0') : 0;
      if (index == 0) break;
    }
    if (index >= 1 && index <= examples.size() && examples[index - 1].is_string()) {
      example = examples[index - 1].get<std::string>();
    }
  } else {
    example = jf::getString(examples, name.c_str());
  }
  return example.empty() ? name : example;
}

// Meta's example object of a text: {prefix: [..]} (body nested one level deeper) when
// positional, {prefix_named_params: [{param_name, example}]} when named; null without
// parameters.
Json exampleOf(const std::string& text, const Json& examples, const char* prefix, bool nested) {
  const std::vector<std::string> names = parametersOf(text);
  if (names.empty()) return nullptr;
  if (isPositional(names)) {
    Json values = Json::array();
    for (const auto& name : names) values.push_back(exampleFor(examples, name, true));
    return {{std::string(prefix), nested ? Json::array({values}) : values}};
  }
  Json named = Json::array();
  for (const auto& name : names) {
    named.push_back({{"param_name", name}, {"example", exampleFor(examples, name, false)}});
  }
  return {{std::string(prefix) + "_named_params", named}};
}

Result<Json> headerComponent(const Json& header) {
  if (jf::getString(header, "format") != "text") {
    return makeError(ErrorCategory::Invalid, "media_header_unsupported",
                     "a media header needs an uploaded example; submit it in Meta's manager");
  }
  const std::string text = jf::getString(header, "text");
  if (text.empty()) return invalidContent("header.text is required");
  Json component = {{"type", "HEADER"}, {"format", "TEXT"}, {"text", text}};
  Json example = exampleOf(text, jf::getOptional(header, "examples"), "header_text", false);
  if (!example.is_null()) component["example"] = std::move(example);
  return component;
}

Result<Json> buttonsComponent(const Json& buttons) {
  Json out = Json::array();
  for (const Json& button : buttons) {
    const std::string type = jf::getString(button, "type");
    Json meta = {{"text", jf::getString(button, "text")}};
    if (type == "quick_reply") {
      meta["type"] = "QUICK_REPLY";
    } else if (type == "url") {
      meta["type"] = "URL";
      meta["url"] = jf::getString(button, "url");
      // A URL ending in {{1}} needs the example of its value, as a one-element array.
      if (const std::string example = jf::getString(button, "example"); !example.empty()) {
        meta["example"] = Json::array({example});
      }
    } else if (type == "phone_number") {
      meta["type"] = "PHONE_NUMBER";
      meta["phone_number"] = jf::getString(button, "phone_number");
    } else {
      return invalidContent("buttons[].type must be quick_reply, url or phone_number");
    }
    out.push_back(std::move(meta));
  }
  return Json{{"type", "BUTTONS"}, {"buttons", std::move(out)}};
}

}  // namespace

Result<Json> metaComponents(std::string_view content_json) {
  const Json content = jf::parseOrNull(content_json);
  const Json& body = jf::getOptional(content, "body");
  const std::string body_text = jf::getString(body, "text");
  if (body_text.empty()) return invalidContent("the template has no body text");
  Json components = Json::array();
  if (const Json* header = jf::member(content, "header");
      header != nullptr && header->is_object()) {
    auto component = headerComponent(*header);
    if (!component) return component.error();
    components.push_back(std::move(*component));
  }
  Json body_component = {{"type", "BODY"}, {"text", body_text}};
  Json example = exampleOf(body_text, jf::getOptional(body, "examples"), "body_text", true);
  if (!example.is_null()) body_component["example"] = std::move(example);
  components.push_back(std::move(body_component));
  const std::string footer = jf::getString(jf::getOptional(content, "footer"), "text");
  if (!footer.empty()) components.push_back({{"type", "FOOTER"}, {"text", footer}});
  if (const Json& buttons = jf::getArray(content, "buttons"); !buttons.empty()) {
    auto component = buttonsComponent(buttons);
    if (!component) return component.error();
    components.push_back(std::move(*component));
  }
  return components;
}

namespace {

// Meta's examples of a text in the gateway's form: an array (positional) or an object (named).
Json gatewayExamples(const Json& example, const char* prefix, bool nested, bool named) {
  if (named) {
    Json out = Json::object();
    for (const Json& param :
         jf::getArray(example, (std::string(prefix) + "_named_params").c_str())) {
      const std::string name = jf::getString(param, "param_name");
      const std::string value = jf::getString(param, "example");
      if (!name.empty() && name.size() <= 64 && value.size() <= kMaxExampleBytes) out[name] = value;
    }
    return out;
  }
  const Json& outer = jf::getArray(example, prefix);
  const Json& values = nested ? (outer.empty() ? outer : outer.front()) : outer;
  Json out = Json::array();
  for (const Json& value : values) {
    if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxExampleBytes) break;
    out.push_back(value);
    if (out.size() >= kMaxParameters) break;
  }
  return out;
}

// One of Meta's buttons in the gateway's shape; nullopt when its type or lengths are unusable.
std::optional<Json> gatewayButton(const Json& button) {
  const std::string type = jf::getString(button, "type");
  const std::string text = jf::getString(button, "text");
  if (text.empty() || text.size() > kMaxButtonTextBytes) return std::nullopt;
  if (type == "QUICK_REPLY") return Json{{"type", "quick_reply"}, {"text", text}};
  const char* target_key = type == "URL" ? "url" : type == "PHONE_NUMBER" ? "phone_number" : "";
  if (*target_key == '\0') return std::nullopt;
  const std::string target = jf::getString(button, target_key);
  if (target.empty() || target.size() > kMaxButtonTargetBytes) return std::nullopt;
  Json out = {{"type", target_key}, {"text", text}, {target_key, target}};
  const Json& example = jf::getArray(button, "example");
  if (!example.empty() && example.front().is_string() &&
      example.front().get_ref<const std::string&>().size() <= kMaxButtonTargetBytes) {
    out["example"] = example.front();
  }
  return out;
}

Status readHeader(const Json& component, const std::string& text, bool named, Json& content) {
  const std::string format = jf::getString(component, "format");
  if (format == "TEXT") {
    if (text.empty() || text.size() > kMaxHeaderBytes) return invalidContent("HEADER too long");
    content["header"] = {{"format", "text"},
                         {"text", text},
                         {"examples", gatewayExamples(jf::getOptional(component, "example"),
                                                      "header_text", false, named)}};
  } else if (format == "IMAGE" || format == "VIDEO" || format == "DOCUMENT") {
    std::string lower = format;
    for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
    content["header"] = {{"format", lower}};
  } else {
    return invalidContent("HEADER of an unsupported format");
  }
  return {};
}

// Reads one component into `content`; an error names the component at fault.
Status readComponent(const Json& component, bool named, Json& content) {
  const std::string type = jf::getString(component, "type");
  const std::string text = jf::getString(component, "text");
  if (type == "BODY") {
    if (text.empty() || text.size() > kMaxBodyBytes) {
      return invalidContent("BODY missing or too long");
    }
    content["body"] = {{"text", text},
                       {"examples", gatewayExamples(jf::getOptional(component, "example"),
                                                    "body_text", true, named)}};
  } else if (type == "HEADER") {
    return readHeader(component, text, named, content);
  } else if (type == "FOOTER") {
    if (text.size() > kMaxFooterBytes) return invalidContent("FOOTER too long");
    if (!text.empty()) content["footer"] = {{"text", text}};
  } else if (type == "BUTTONS") {
    const Json& buttons = jf::getArray(component, "buttons");
    if (buttons.size() > kMaxButtons) return invalidContent("more than 10 buttons");
    Json out = Json::array();
    for (const Json& button : buttons) {
      auto ours = gatewayButton(button);
      if (!ours) return invalidContent("a button of an unsupported type or length");
      out.push_back(std::move(*ours));
    }
    content["buttons"] = std::move(out);
  }
  // Other components (carousel, limited-time offer) carry nothing the gateway sends.
  return {};
}

}  // namespace

Result<std::string> gatewayContent(const Json& components, bool named) {
  if (!components.is_array()) return invalidContent("no components");
  Json content = {{"parameter_format", named ? "named" : "positional"}};
  for (const Json& component : components) {
    if (Status read = readComponent(component, named, content); !read) return read.error();
  }
  if (!content.contains("body")) return invalidContent("no BODY component");
  return content.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mensajero::channels::meta
