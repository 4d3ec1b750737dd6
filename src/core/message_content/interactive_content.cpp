#include "core/message_content/interactive_content.h"

#include <utility>

#include <set>
#include <string_view>

#include "core/utf8.h"

namespace mensajero::core {
namespace {

using Json = nlohmann::json;
using Limits = InteractiveLimits;

Error invalid(std::string code, std::string message) {
  return makeError(ErrorCategory::Invalid, std::move(code), std::move(message));
}

// One text field's rules: present when required, at most `max` characters, no NUL (no
// provider delivers one and PostgreSQL text cannot hold it).
struct TextRule {
  std::string_view field;  // for the message, e.g. "message.content.buttons[].title"
  std::size_t max;
  const char* required_code;  // nullptr: the field is optional
  const char* too_long_code;
};

Status checkText(const std::string& value, const TextRule& rule) {
  if (value.empty()) {
    if (rule.required_code == nullptr) return {};
    return invalid(rule.required_code, std::string(rule.field) + " is required");
  }
  if (value.find('\0') != std::string::npos) {
    return invalid("invalid_content", std::string(rule.field) + " must not contain NUL characters");
  }
  if (utf8Length(value) > rule.max) {
    return invalid(rule.too_long_code, std::string(rule.field) + " exceeds " +
                                           std::to_string(rule.max) + " characters");
  }
  return {};
}

bool isMediaHeader(std::string_view type) {
  return type == "image" || type == "video" || type == "document";
}

// An https URL without spaces or control characters: Meta fetches it, and anything else
// would be refused there after the message was accepted here.
bool isHttpsLink(std::string_view link) {
  if (!link.starts_with("https://") || link.size() <= 8) return false;
  for (const char c : link) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return false;
  }
  return true;
}

Status checkHeader(const InteractiveHeader& header, std::string_view type) {
  const bool allowed = header.type == "text" || (type == "button" && isMediaHeader(header.type));
  if (!allowed) {
    return invalid("invalid_interactive_header",
                   type == "list" ? "a list's header may only be of type 'text'"
                                  : "header.type must be text, image, video or document");
  }
  if (header.type == "text") {
    return checkText(header.text, {"message.content.header.text", Limits::kMaxHeaderText,
                                   "invalid_interactive_header", "interactive_header_too_long"});
  }
  if (header.link.find('\0') != std::string::npos || header.link.size() > Limits::kMaxHeaderLink ||
      !isHttpsLink(header.link)) {
    return invalid("invalid_interactive_header",
                   "header.link must be an https URL of at most 2048 characters");
  }
  if (header.type != "document" && !header.filename.empty()) {
    return invalid("invalid_interactive_header", "header.filename is for documents only");
  }
  return checkText(header.filename, {"message.content.header.filename", Limits::kMaxHeaderFilename,
                                     nullptr, "interactive_header_too_long"});
}

Status checkButtons(const std::vector<InteractiveButton>& buttons) {
  if (buttons.empty()) return invalid("no_buttons", "message.content.buttons needs 1 to 3 buttons");
  if (buttons.size() > Limits::kMaxButtons) {
    return invalid("too_many_buttons", "message.content.buttons holds at most 3 buttons");
  }
  std::set<std::string_view> ids;
  for (const auto& button : buttons) {
    if (auto id = checkText(button.id, {"message.content.buttons[].id", Limits::kMaxButtonId,
                                        "button_id_required", "button_id_too_long"});
        !id) {
      return id;
    }
    if (!ids.insert(button.id).second) {
      return invalid("duplicate_button_id", "message.content.buttons[].id must be unique");
    }
    if (auto title =
            checkText(button.title, {"message.content.buttons[].title", Limits::kMaxButtonTitle,
                                     "button_title_required", "button_title_too_long"});
        !title) {
      return title;
    }
  }
  return {};
}

Status checkRow(const InteractiveRow& row, std::set<std::string_view>& ids) {
  if (auto id = checkText(row.id, {"message.content.sections[].rows[].id", Limits::kMaxRowId,
                                   "row_id_required", "row_id_too_long"});
      !id) {
    return id;
  }
  if (!ids.insert(row.id).second) {
    return invalid("duplicate_row_id", "message.content.sections[].rows[].id must be unique");
  }
  if (auto title =
          checkText(row.title, {"message.content.sections[].rows[].title", Limits::kMaxRowTitle,
                                "row_title_required", "row_title_too_long"});
      !title) {
    return title;
  }
  return checkText(row.description,
                   {"message.content.sections[].rows[].description", Limits::kMaxRowDescription,
                    nullptr, "row_description_too_long"});
}

Status checkList(const InteractiveContent& content) {
  if (auto label = checkText(content.list_button, {"message.content.button", Limits::kMaxListButton,
                                                   "list_button_required", "list_button_too_long"});
      !label) {
    return label;
  }
  const auto& sections = content.sections;
  if (sections.empty()) return invalid("no_sections", "message.content.sections needs 1 to 10");
  if (sections.size() > Limits::kMaxSections) {
    return invalid("too_many_sections", "message.content.sections holds at most 10 sections");
  }
  std::size_t rows = 0;
  for (const auto& section : sections) rows += section.rows.size();
  if (rows > Limits::kMaxRows) {
    return invalid("too_many_rows", "a list holds at most 10 rows over all its sections");
  }
  std::set<std::string_view> ids;
  for (const auto& section : sections) {
    if (auto title =
            checkText(section.title, {"message.content.sections[].title", Limits::kMaxSectionTitle,
                                      sections.size() > 1 ? "section_title_required" : nullptr,
                                      "section_title_too_long"});
        !title) {
      return title;
    }
    if (section.rows.empty()) {
      return invalid("no_rows", "every section needs at least one row");
    }
    for (const auto& row : section.rows) {
      if (auto valid = checkRow(row, ids); !valid) return valid;
    }
  }
  return {};
}

void putIfSet(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

Json headerJson(const InteractiveHeader& header) {
  Json json = {{"type", header.type}};
  putIfSet(json, "text", header.text);
  putIfSet(json, "link", header.link);
  putIfSet(json, "filename", header.filename);
  return json;
}

Json sectionsJson(const std::vector<InteractiveSection>& sections) {
  Json out = Json::array();
  for (const auto& section : sections) {
    Json rows = Json::array();
    for (const auto& row : section.rows) {
      Json entry = {{"id", row.id}, {"title", row.title}};
      putIfSet(entry, "description", row.description);
      rows.push_back(std::move(entry));
    }
    Json entry = Json::object();
    putIfSet(entry, "title", section.title);
    entry["rows"] = std::move(rows);
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

Status validateInteractiveContent(const InteractiveContent& content) {
  if (content.type != "button" && content.type != "list") {
    return invalid("invalid_interactive_type", "message.content.type must be 'button' or 'list'");
  }
  const bool list = content.type == "list";
  if (auto body =
          checkText(content.body,
                    {"message.content.body", list ? Limits::kMaxListBody : Limits::kMaxButtonBody,
                     "interactive_body_required", "interactive_body_too_long"});
      !body) {
    return body;
  }
  if (auto footer = checkText(content.footer, {"message.content.footer", Limits::kMaxFooter,
                                               nullptr, "interactive_footer_too_long"});
      !footer) {
    return footer;
  }
  if (content.header) {
    if (auto header = checkHeader(*content.header, content.type); !header) return header;
  }
  return list ? checkList(content) : checkButtons(content.buttons);
}

Json interactiveMetadata(const InteractiveContent& content) {
  Json json = {{"type", content.type}};
  if (content.header) json["header"] = headerJson(*content.header);
  json["body"] = content.body;
  putIfSet(json, "footer", content.footer);
  if (content.type == "list") {
    json["button"] = content.list_button;
    json["sections"] = sectionsJson(content.sections);
  } else {
    Json buttons = Json::array();
    for (const auto& button : content.buttons) {
      buttons.push_back({{"id", button.id}, {"title", button.title}});
    }
    json["buttons"] = std::move(buttons);
  }
  return json;
}

}  // namespace mensajero::core
