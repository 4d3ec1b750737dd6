#include "channels/meta/meta_template_payload.h"

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

namespace jf = json_fields;
using Json = nlohmann::json;

Error metadataInvalid() {
  return makeError(ErrorCategory::Permanent, "template_metadata_invalid",
                   "the message's metadata holds no usable template");
}

// {"type": "text", "text": ...}, named when the template's parameters are.
Json textParameter(const Json& bound, bool named) {
  Json parameter = {{"type", "text"}, {"text", jf::getString(bound, "value")}};
  if (named) parameter["parameter_name"] = jf::getString(bound, "name");
  return parameter;
}

std::optional<Json> headerComponent(const Json& header, bool named) {
  const std::string type = jf::getString(header, "type");
  if (type == "text") {
    return Json{{"type", "header"}, {"parameters", Json::array({textParameter(header, named)})}};
  }
  if (type != "image" && type != "video" && type != "document") return std::nullopt;
  Json media = {{"link", jf::getString(header, "link")}};
  if (auto filename = jf::getOptionalString(header, "filename")) media["filename"] = *filename;
  return Json{{"type", "header"}, {"parameters", Json::array({{{"type", type}, {type, media}}})}};
}

Json buttonComponent(const Json& button) {
  const std::string type = jf::getString(button, "type");
  const Json* index = jf::member(button, "index");
  const std::string position =
      index != nullptr && index->is_number_integer() ? std::to_string(index->get<int>()) : "0";
  Json parameter = type == "url"
                       ? Json{{"type", "text"}, {"text", jf::getString(button, "text")}}
                       : Json{{"type", "payload"}, {"payload", jf::getString(button, "payload")}};
  // Graph wants the button's position as a string.
  return {{"type", "button"},
          {"sub_type", type},
          {"index", position},
          {"parameters", Json::array({std::move(parameter)})}};
}

Json components(const Json& parameters, bool named) {
  Json out = Json::array();
  if (const Json* header = jf::member(parameters, "header")) {
    if (auto component = headerComponent(*header, named)) out.push_back(std::move(*component));
  }
  const Json& body = jf::getArray(parameters, "body");
  if (!body.empty()) {
    Json values = Json::array();
    for (const Json& value : body) values.push_back(textParameter(value, named));
    out.push_back({{"type", "body"}, {"parameters", std::move(values)}});
  }
  for (const Json& button : jf::getArray(parameters, "buttons")) {
    out.push_back(buttonComponent(button));
  }
  return out;
}

}  // namespace

Result<std::string> templatePayload(const OutboundSend& message, const std::string& to) {
  const Json metadata = jf::parseOrNull(message.metadata);
  const Json* stored = jf::member(metadata, "template");
  if (stored == nullptr) return metadataInvalid();
  const std::string name = jf::getString(*stored, "name");
  const std::string language = jf::getString(*stored, "language");
  if (name.empty() || language.empty()) return metadataInvalid();
  const bool named = jf::getString(*stored, "parameter_format") == "named";
  Json parameters = Json::object();
  if (const Json* given = jf::member(*stored, "parameters")) parameters = *given;

  Json template_object = {{"name", name}, {"language", {{"code", language}}}};
  Json parts = components(parameters, named);
  if (!parts.empty()) template_object["components"] = std::move(parts);
  const Json payload = {
      {"messaging_product", "whatsapp"},
      {"recipient_type", "individual"},
      {"to", to},
      {"type", "template"},
      {"template", std::move(template_object)},
      {"biz_opaque_callback_data", message.message_id},
  };
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace mensajero::channels::meta
