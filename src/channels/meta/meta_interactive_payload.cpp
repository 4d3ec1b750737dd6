#include "channels/meta/meta_interactive_payload.h"

#include <utility>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_json.h"
#include "common/bounded_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

// {"type":"text","text":…} as stored, or a media header as Graph nests it:
// {"type":"document","document":{"link":…,"filename":…}}.
Json headerJson(const Json& header) {
  const std::string type = jf::getString(header, "type");
  if (type == "text") return {{"type", "text"}, {"text", jf::getString(header, "text")}};
  Json media = {{"link", jf::getString(header, "link")}};
  if (auto filename = jf::getOptionalString(header, "filename")) media["filename"] = *filename;
  return {{"type", type}, {type, std::move(media)}};
}

Json buttonsAction(const Json& interactive) {
  Json buttons = Json::array();
  for (const Json& button : jf::getArray(interactive, "buttons")) {
    buttons.push_back(
        {{"type", "reply"},
         {"reply",
          {{"id", jf::getString(button, "id")}, {"title", jf::getString(button, "title")}}}});
  }
  return {{"buttons", std::move(buttons)}};
}

Json listAction(const Json& interactive) {
  Json sections = Json::array();
  for (const Json& section : jf::getArray(interactive, "sections")) {
    Json rows = Json::array();
    for (const Json& row : jf::getArray(section, "rows")) {
      Json entry = {{"id", jf::getString(row, "id")}, {"title", jf::getString(row, "title")}};
      if (auto description = jf::getOptionalString(row, "description")) {
        entry["description"] = *description;
      }
      rows.push_back(std::move(entry));
    }
    Json entry = Json::object();
    if (auto title = jf::getOptionalString(section, "title")) entry["title"] = *title;
    entry["rows"] = std::move(rows);
    sections.push_back(std::move(entry));
  }
  return {{"button", jf::getString(interactive, "button")}, {"sections", std::move(sections)}};
}

}  // namespace

Result<std::string> interactivePayload(const OutboundSend& message, std::string to) {
  auto metadata = parseBoundedJson(message.metadata);
  const Json* stored = metadata ? jf::member(*metadata, "interactive") : nullptr;
  const std::string type = stored != nullptr ? jf::getString(*stored, "type") : std::string();
  if (type != "button" && type != "list") {
    return makeError(ErrorCategory::Invalid, "invalid_interactive_metadata",
                     "the message has no interactive buttons or list to send");
  }
  Json interactive = {{"type", type}};
  if (const Json* header = jf::member(*stored, "header"); header != nullptr) {
    interactive["header"] = headerJson(*header);
  }
  interactive["body"] = {{"text", jf::getString(*stored, "body")}};
  if (auto footer = jf::getOptionalString(*stored, "footer")) {
    interactive["footer"] = {{"text", *footer}};
  }
  interactive["action"] = type == "list" ? listAction(*stored) : buttonsAction(*stored);
  const Json payload = {
      {"messaging_product", "whatsapp"},
      {"recipient_type", "individual"},
      {"to", std::move(to)},
      {"type", "interactive"},
      {"interactive", std::move(interactive)},
      {"biz_opaque_callback_data", message.message_id},
  };
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mensajero::channels::meta
