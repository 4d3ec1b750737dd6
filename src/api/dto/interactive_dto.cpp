#include "api/dto/interactive_dto.h"

#include <utility>

#include <string>
#include <string_view>

namespace mensajero::api::dto {
namespace {

using nlohmann::json;

Error fieldError(std::string_view field, std::string_view problem) {
  return makeError(ErrorCategory::Invalid, "invalid_request",
                   "message.content." + std::string(field) + " " + std::string(problem));
}

// object[key] as a string; absent or null reads as "".
Result<std::string> optionalString(const json& object, const char* key, std::string_view path) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return std::string();
  if (!it->is_string()) return fieldError(path, "must be a string");
  return it->get<std::string>();
}

// object[key] as an array (empty when absent or null).
Result<const json*> optionalArray(const json& object, const char* key, std::string_view path) {
  static const json kEmpty = json::array();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return &kEmpty;
  if (!it->is_array()) return fieldError(path, "must be an array");
  return &*it;
}

// Reads the named string fields of `object` into the members they point at.
Status readStrings(const json& object, std::string_view path,
                   std::initializer_list<std::pair<const char*, std::string*>> fields) {
  if (!object.is_object()) return fieldError(path, "must be an object");
  for (const auto& [key, target] : fields) {
    auto value = optionalString(object, key, path.empty() ? key : std::string(path) + "." + key);
    if (!value) return value.error();
    *target = std::move(*value);
  }
  return {};
}

Status readButtons(const json& content, core::InteractiveContent& out) {
  auto buttons = optionalArray(content, "buttons", "buttons");
  if (!buttons) return buttons.error();
  for (const json& entry : **buttons) {
    core::InteractiveButton button;
    if (auto read = readStrings(entry, "buttons[]", {{"id", &button.id}, {"title", &button.title}});
        !read) {
      return read;
    }
    out.buttons.push_back(std::move(button));
  }
  return {};
}

Status readSection(const json& entry, core::InteractiveContent& out) {
  core::InteractiveSection section;
  if (auto read = readStrings(entry, "sections[]", {{"title", &section.title}}); !read) return read;
  auto rows = optionalArray(entry, "rows", "sections[].rows");
  if (!rows) return rows.error();
  for (const json& row_entry : **rows) {
    core::InteractiveRow row;
    if (auto read = readStrings(
            row_entry, "sections[].rows[]",
            {{"id", &row.id}, {"title", &row.title}, {"description", &row.description}});
        !read) {
      return read;
    }
    section.rows.push_back(std::move(row));
  }
  out.sections.push_back(std::move(section));
  return {};
}

Status readList(const json& content, core::InteractiveContent& out) {
  auto label = optionalString(content, "button", "button");
  if (!label) return label.error();
  out.list_button = std::move(*label);
  auto sections = optionalArray(content, "sections", "sections");
  if (!sections) return sections.error();
  for (const json& entry : **sections) {
    if (auto read = readSection(entry, out); !read) return read;
  }
  return {};
}

Status readHeader(const json& content, core::InteractiveContent& out) {
  const auto it = content.find("header");
  if (it == content.end() || it->is_null()) return {};
  core::InteractiveHeader header;
  if (auto read = readStrings(*it, "header",
                              {{"type", &header.type},
                               {"text", &header.text},
                               {"link", &header.link},
                               {"filename", &header.filename}});
      !read) {
    return read;
  }
  out.header = std::move(header);
  return {};
}

}  // namespace

Status readInteractiveContent(const json& content, core::SendRequest& request) {
  if (request.message_type != "interactive") return {};
  if (!content.is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_request",
                     "message.content must be an object for an interactive message");
  }
  core::InteractiveContent parsed;
  if (auto read =
          readStrings(content, "",
                      {{"type", &parsed.type}, {"body", &parsed.body}, {"footer", &parsed.footer}});
      !read) {
    return read;
  }
  if (auto header = readHeader(content, parsed); !header) return header;
  // Only the fields of the type are read: a list's buttons would be the wrong shape for Meta.
  if (parsed.type == "list") {
    if (content.contains("buttons")) return fieldError("buttons", "is for type 'button' only");
    if (auto list = readList(content, parsed); !list) return list;
  } else {
    if (content.contains("sections")) return fieldError("sections", "is for type 'list' only");
    if (auto buttons = readButtons(content, parsed); !buttons) return buttons;
  }
  request.content = parsed.body;
  request.interactive = std::move(parsed);
  return {};
}

}  // namespace mensajero::api::dto
