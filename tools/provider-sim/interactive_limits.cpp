#include "interactive_limits.h"

#include <set>
#include <string_view>

namespace mensajero::provider_sim {
namespace {

using Json = nlohmann::json;
using Problem = std::optional<InteractiveProblem>;

Problem missing(std::string_view parameter) {
  return InteractiveProblem{100, "(#100) The parameter " + std::string(parameter) +
                                     " is required or has the wrong type."};
}

Problem notValid(std::string_view detail) {
  return InteractiveProblem{131009,
                            "(#131009) Parameter value is not valid: " + std::string(detail)};
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

const Json* objectAt(const Json& parent, const char* key) {
  const auto it = parent.find(key);
  return it != parent.end() && it->is_object() ? &*it : nullptr;
}

const Json* arrayAt(const Json& parent, const char* key) {
  const auto it = parent.find(key);
  return it != parent.end() && it->is_array() ? &*it : nullptr;
}

// A string member, required (non-empty) or optional, of at most `max` characters.
Problem checkString(const Json& parent, const char* key, std::string_view name, std::size_t max,
                    bool required) {
  const auto it = parent.find(key);
  if (it == parent.end()) return required ? missing(name) : std::nullopt;
  if (!it->is_string() || (required && it->get_ref<const std::string&>().empty())) {
    return missing(name);
  }
  if (characters(it->get_ref<const std::string&>()) > max) {
    return notValid(std::string(name) + " is longer than " + std::to_string(max) + " characters");
  }
  return std::nullopt;
}

// {"text": …} objects: body and footer.
Problem checkTextObject(const Json& interactive, const char* key, std::size_t max, bool required) {
  const Json* object = objectAt(interactive, key);
  if (object == nullptr) return required ? missing(std::string(key)) : std::nullopt;
  return checkString(*object, "text", std::string(key) + ".text", max, true);
}

Problem checkHeader(const Json& interactive, bool list) {
  if (!interactive.contains("header")) return std::nullopt;
  const Json* header = objectAt(interactive, "header");
  if (header == nullptr) return missing("header");
  const std::string type = header->value("type", "");
  if (type == "text") return checkString(*header, "text", "header.text", 60, true);
  if (list || (type != "image" && type != "video" && type != "document")) {
    return notValid("header.type '" + type + "' is not allowed here");
  }
  const Json* media = objectAt(*header, type.c_str());
  if (media == nullptr) return missing("header." + type);
  return checkString(*media, "link", "header." + type + ".link", 2048, true);
}

Problem checkButtons(const Json& action) {
  const Json* buttons = arrayAt(action, "buttons");
  if (buttons == nullptr || buttons->empty()) return missing("action.buttons");
  if (buttons->size() > 3) return notValid("at most 3 buttons are allowed");
  std::set<std::string> ids;
  for (const Json& button : *buttons) {
    if (!button.is_object() || button.value("type", "") != "reply") return missing("buttons.type");
    const Json* reply = objectAt(button, "reply");
    if (reply == nullptr) return missing("buttons.reply");
    if (auto bad = checkString(*reply, "id", "reply.id", 256, true)) return bad;
    if (auto bad = checkString(*reply, "title", "reply.title", 20, true)) return bad;
    if (!ids.insert((*reply)["id"].get<std::string>()).second) {
      return notValid("button ids must be unique");
    }
  }
  return std::nullopt;
}

Problem checkRows(const Json& rows, std::set<std::string>& ids) {
  for (const Json& row : rows) {
    if (!row.is_object()) return missing("rows");
    if (auto bad = checkString(row, "id", "row.id", 200, true)) return bad;
    if (auto bad = checkString(row, "title", "row.title", 24, true)) return bad;
    if (auto bad = checkString(row, "description", "row.description", 72, false)) return bad;
    if (!ids.insert(row["id"].get<std::string>()).second) return notValid("row ids must be unique");
  }
  return std::nullopt;
}

Problem checkList(const Json& action) {
  if (auto bad = checkString(action, "button", "action.button", 20, true)) return bad;
  const Json* sections = arrayAt(action, "sections");
  if (sections == nullptr || sections->empty()) return missing("action.sections");
  if (sections->size() > 10) return notValid("at most 10 sections are allowed");
  std::size_t total = 0;
  std::set<std::string> ids;
  for (const Json& section : *sections) {
    if (!section.is_object()) return missing("sections");
    if (auto bad = checkString(section, "title", "section.title", 24, sections->size() > 1)) {
      return bad;
    }
    const Json* rows = arrayAt(section, "rows");
    if (rows == nullptr || rows->empty()) return missing("section.rows");
    total += rows->size();
    if (total > 10) return notValid("at most 10 rows are allowed in total");
    if (auto bad = checkRows(*rows, ids)) return bad;
  }
  return std::nullopt;
}

}  // namespace

std::optional<InteractiveProblem> interactiveSendProblem(const Json& request) {
  if (!request.is_object() || request.value("type", "") != "interactive") return std::nullopt;
  const Json* interactive = objectAt(request, "interactive");
  if (interactive == nullptr) return missing("interactive");
  const std::string type = interactive->value("type", "");
  if (type != "button" && type != "list") return missing("interactive.type");
  const bool list = type == "list";
  if (auto bad = checkTextObject(*interactive, "body", list ? 4096 : 1024, true)) return bad;
  if (auto bad = checkTextObject(*interactive, "footer", 60, false)) return bad;
  if (auto bad = checkHeader(*interactive, list)) return bad;
  const Json* action = objectAt(*interactive, "action");
  if (action == nullptr) return missing("interactive.action");
  return list ? checkList(*action) : checkButtons(*action);
}

}  // namespace mensajero::provider_sim
