#include "channels/meta/meta_webhook.h"

#include <array>
#include <map>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_inbound_content.h"
#include "channels/meta/meta_inbound_events.h"
#include "channels/meta/meta_json.h"
#include "channels/meta/meta_template_webhook.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

// The human-readable part of an inbound message, wherever its type keeps it.
std::string inboundText(const Json& message, const std::string& type) {
  if (type == "text") {
    return jf::getString(jf::getOptional(message, "text"), "body");
  }
  if (type == "button") {
    return jf::getString(jf::getOptional(message, "button"), "text");
  }
  if (type == "interactive") {
    const Json& interactive = jf::getOptional(message, "interactive");
    for (const char* reply : {"button_reply", "list_reply"}) {
      if (const Json* chosen = jf::member(interactive, reply); chosen != nullptr) {
        return jf::getString(*chosen, "title");
      }
    }
    return {};
  }
  // Media (image, video, document, ...) may carry a caption in the object named after the
  // type; any other type simply has no text.
  return type.empty() ? std::string()
                      : jf::getString(jf::getOptional(message, type.c_str()), "caption");
}

// The message's type. Some senders' payloads omit `type` (seen in public client libraries'
// test data for a location); the object named after the kind then says what it is.
std::string inboundType(const Json& message) {
  std::string type = jf::getString(message, "type");
  if (!type.empty()) return type;
  static constexpr std::array kKinds = {"text",     "image",    "audio",       "video",
                                        "document", "sticker",  "location",    "contacts",
                                        "order",    "reaction", "interactive", "button"};
  for (const char* kind : kKinds) {
    if (jf::member(message, kind) != nullptr) return kind;
  }
  return type;
}

MetaInbound parseInbound(const Json& message, const Json& value, const std::string& phone_number_id,
                         const std::map<std::string, std::string>& profile_names) {
  MetaInbound inbound;
  inbound.phone_number_id = phone_number_id;
  inbound.message_id = jf::getString(message, "id");
  inbound.from = jf::getString(message, "from");
  inbound.type = inboundType(message);
  inbound.text = inboundText(message, inbound.type);
  inbound.content = parseMetaInboundContent(message, inbound.type);
  inbound.timestamp = jf::getUnixSeconds(message, "timestamp");
  parseInboundEventFields(message, value, inbound);
  // Contacts are keyed by wa_id and by user_id: a sender may be known by either.
  const std::string& sender = inbound.from.empty() ? inbound.from_user_id : inbound.from;
  if (const auto it = profile_names.find(sender); it != profile_names.end()) {
    inbound.profile_name = it->second;
  }
  return inbound;
}

MetaStatus parseStatus(const Json& status, const std::string& phone_number_id) {
  MetaStatus parsed;
  parsed.phone_number_id = phone_number_id;
  parsed.message_id = jf::getString(status, "id");
  parsed.status = jf::getString(status, "status");
  parsed.timestamp = jf::getUnixSeconds(status, "timestamp");
  parsed.recipient_id = jf::getString(status, "recipient_id");
  parsed.callback_data = jf::getOptionalString(status, "biz_opaque_callback_data");
  const Json& errors = jf::getArray(status, "errors");
  if (!errors.empty()) {
    const Json* code = jf::member(errors.front(), "code");
    if (code != nullptr && code->is_number_integer()) {
      parsed.error_code = code->get<int>();
    }
    parsed.error_title = jf::getOptionalString(errors.front(), "title");
    if (!parsed.error_title) {
      parsed.error_title = jf::getOptionalString(errors.front(), "message");
    }
  }
  return parsed;
}

// One change's value: metadata, contacts, messages and statuses.
void parseValue(const Json& value, MetaWebhook& webhook) {
  const std::string phone_number_id =
      jf::getString(jf::getOptional(value, "metadata"), "phone_number_id");
  std::map<std::string, std::string> profile_names;
  for (const Json& contact : jf::getArray(value, "contacts")) {
    const std::string name = jf::getString(jf::getOptional(contact, "profile"), "name");
    profile_names.emplace(jf::getString(contact, "wa_id"), name);
    if (auto user_id = jf::getOptionalString(contact, "user_id")) {
      profile_names.emplace(*user_id, name);
    }
  }
  for (const Json& message : jf::getArray(value, "messages")) {
    if (message.is_object()) {
      webhook.messages.push_back(parseInbound(message, value, phone_number_id, profile_names));
    }
  }
  for (const Json& status : jf::getArray(value, "statuses")) {
    if (status.is_object()) {
      webhook.statuses.push_back(parseStatus(status, phone_number_id));
    }
  }
}

}  // namespace

Result<MetaWebhook> parseMetaWebhook(std::string_view body) {
  // Bounded: the stored payload is parsed again by the webhook processor, and a document
  // nested without limit would make every later dump() or copy of it recurse without limit.
  auto parsed = parseBoundedJson(body);
  if (!parsed) {
    // The codes and byte offsets let an operator find the fault in the stored raw payload
    // without the message quoting (possibly PHI-bearing) content.
    return makeError(ErrorCategory::Invalid, parsed.error().code,
                     "webhook body: " + parsed.error().message);
  }
  const Json& root = *parsed;
  if (!root.is_object()) {
    return makeError(ErrorCategory::Invalid, "unexpected_payload",
                     "webhook body is not a JSON object");
  }
  MetaWebhook webhook;
  webhook.object = jf::getString(root, "object");
  bool first_change = true;
  for (const Json& entry : jf::getArray(root, "entry")) {
    for (const Json& change : jf::getArray(entry, "changes")) {
      const std::string field = jf::getString(change, "field");
      if (first_change) {
        webhook.field = field;
        first_change = false;
      }
      if (isTemplateField(field)) {
        auto update = parseTemplateChange(jf::getString(entry, "id"), field,
                                          jf::getOptional(change, "value"));
        if (update) webhook.template_updates.push_back(std::move(*update));
        continue;
      }
      parseValue(jf::getOptional(change, "value"), webhook);
    }
  }
  return webhook;
}

}  // namespace mensajero::channels::meta
