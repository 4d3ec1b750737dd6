#include "channels/meta/meta_template_components.h"

#include <cstddef>
#include <set>
#include <vector>

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

// Meta's limits (characters; bytes here, which only makes them stricter for ASCII and looser
// for other scripts by at most a factor of four), bounding what an import may store.
constexpr std::size_t kMaxBodyBytes = 4 * 1024;
constexpr std::size_t kMaxHeaderBytes = 4 * 60;
constexpr std::size_t kMaxFooterBytes = 4 * 60;
constexpr std::size_t kMaxButtons = 10;
constexpr std::size_t kMaxButtonTextBytes = 4 * 25;
constexpr std::size_t kMaxButtonTargetBytes = 2000;
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

std::string exampleFor(const Json& examples, const std::string& name) {
  std::string example = jf::getString(examples, name.c_str());
  return example.empty() ? name : example;
}

// example.body_text / header_text (positional) or *_named_params (named), as Meta wants them.
Json exampleOf(const std::string& text, const Json& examples, const char* prefix, bool nested) {
  const std::vector<std::string> names = parametersOf(text);
  if (names.empty()) return nullptr;
  if (isPositional(names)) {
    Json values = Json::array();
    for (const auto& name : names) values.push_back(exampleFor(examples, name));
    return {{std::string(prefix), nested ? Json::array({values}) : values}};
  }
  Json named = Json::array();
  for (const auto& name : names) {
    named.push_back({{"param_name", name}, {"example", exampleFor(examples, name)}});
  }
  return {{std::string(prefix) + "_named_params", named}};
}

Result<Json> headerComponent(const Json& header, const Json& examples) {
  const std::string type = jf::getString(header, "type");
  if (type != "text") {
    return makeError(ErrorCategory::Invalid, "media_header_unsupported",
                     "a media header needs an uploaded example; submit it in Meta's manager");
  }
  const std::string text = jf::getString(header, "text");
  if (text.empty()) return invalidContent("header.text is required");
  Json component = {{"type", "HEADER"}, {"format", "TEXT"}, {"text", text}};
  if (Json example = exampleOf(text, examples, "header_text", false); !example.is_null()) {
    component["example"] = std::move(example);
  }
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
  const std::string body = jf::getString(content, "body");
  if (body.empty()) return invalidContent("the template has no body text");
  const Json& examples = jf::getOptional(content, "examples");
  Json components = Json::array();
  if (const Json* header = jf::member(content, "header");
      header != nullptr && header->is_object()) {
    auto component = headerComponent(*header, examples);
    if (!component) return component.error();
    components.push_back(std::move(*component));
  }
  Json body_component = {{"type", "BODY"}, {"text", body}};
  if (Json example = exampleOf(body, examples, "body_text", true); !example.is_null()) {
    body_component["example"] = std::move(example);
  }
  components.push_back(std::move(body_component));
  if (const std::string footer = jf::getString(content, "footer"); !footer.empty()) {
    components.push_back({{"type", "FOOTER"}, {"text", footer}});
  }
  if (const Json& buttons = jf::getArray(content, "buttons"); !buttons.empty()) {
    auto component = buttonsComponent(buttons);
    if (!component) return component.error();
    components.push_back(std::move(*component));
  }
  return components;
}

namespace {

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
  return Json{{"type", target_key}, {"text", text}, {target_key, target}};
}

// Reads one component into `content`; an error names the component at fault.
Status readComponent(const Json& component, Json& content) {
  const std::string type = jf::getString(component, "type");
  const std::string text = jf::getString(component, "text");
  if (type == "BODY") {
    if (text.empty() || text.size() > kMaxBodyBytes)
      return invalidContent("BODY missing or too long");
    content["body"] = text;
  } else if (type == "HEADER") {
    const std::string format = jf::getString(component, "format");
    if (format == "TEXT") {
      if (text.empty() || text.size() > kMaxHeaderBytes) return invalidContent("HEADER too long");
      content["header"] = {{"type", "text"}, {"text", text}};
    } else if (format == "IMAGE" || format == "VIDEO" || format == "DOCUMENT") {
      std::string lower = format;
      for (char& c : lower) c = static_cast<char>(c - 'A' + 'a');
      content["header"] = {{"type", lower}};
    } else {
      return invalidContent("HEADER of an unsupported format");
    }
  } else if (type == "FOOTER") {
    if (text.size() > kMaxFooterBytes) return invalidContent("FOOTER too long");
    content["footer"] = text;
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

Result<std::string> gatewayContent(const Json& components) {
  if (!components.is_array()) return invalidContent("no components");
  Json content = Json::object();
  for (const Json& component : components) {
    if (Status read = readComponent(component, content); !read) return read.error();
  }
  if (!content.contains("body")) return invalidContent("no BODY component");
  return content.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mensajero::channels::meta
