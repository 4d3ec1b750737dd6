#include "channels/interactive_text.h"

#include <string_view>
#include <vector>

#include "common/bounded_json.h"

namespace mensajero::channels {
namespace {

using Json = nlohmann::json;

std::string stringAt(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& arrayAt(const Json& object, const char* key) {
  static const Json kEmpty = Json::array();
  if (!object.is_object()) return kEmpty;
  const auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

// "Title" or "Title - description": what the patient may answer with the number before it.
std::vector<std::string> optionLines(const Json& interactive) {
  std::vector<std::string> options;
  for (const Json& button : arrayAt(interactive, "buttons")) {
    options.push_back(stringAt(button, "title"));
  }
  for (const Json& section : arrayAt(interactive, "sections")) {
    for (const Json& row : arrayAt(section, "rows")) {
      std::string line = stringAt(row, "title");
      if (const std::string description = stringAt(row, "description"); !description.empty()) {
        line += " - " + description;
      }
      options.push_back(std::move(line));
    }
  }
  return options;
}

void appendBlock(std::string& text, std::string_view block) {
  if (block.empty()) return;
  if (!text.empty()) text += "\n\n";
  text += block;
}

}  // namespace

std::string renderInteractiveText(const Json& interactive) {
  const Json& header = interactive.is_object() && interactive.contains("header")
                           ? interactive["header"]
                           : Json::object();
  std::string top = stringAt(header, "type") == "text" ? stringAt(header, "text") : "";
  const std::string body = stringAt(interactive, "body");
  if (!top.empty() && !body.empty()) top += "\n";
  top += body;

  std::string options;
  std::size_t number = 0;
  for (const auto& line : optionLines(interactive)) {
    if (!options.empty()) options += "\n";
    options += std::to_string(++number) + ". " + line;
  }

  std::string text;
  appendBlock(text, top);
  appendBlock(text, options);
  appendBlock(text, stringAt(interactive, "footer"));
  return text;
}

OutboundSend interactiveAsText(const OutboundSend& message) {
  OutboundSend text = message;
  text.message_type = "text";
  auto metadata = parseBoundedJson(message.metadata);
  if (metadata && metadata->is_object() && metadata->contains("interactive")) {
    std::string rendered = renderInteractiveText((*metadata)["interactive"]);
    if (!rendered.empty()) text.content = std::move(rendered);
  }
  return text;
}

}  // namespace mensajero::channels
