#include "channels/meta/meta_inbound_events.h"

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

// A message from a user who hides the phone number carries only from_user_id; some payloads
// carry neither and name the user in the change's single contact.
std::string senderUserId(const Json& message, const Json& change_value) {
  if (auto user_id = jf::getOptionalString(message, "from_user_id")) return *user_id;
  const Json& contacts = jf::getArray(change_value, "contacts");
  if (contacts.size() != 1 || jf::member(message, "from") != nullptr) return {};
  return jf::getString(contacts.front(), "user_id");
}

void readFirstError(const Json& errors, MetaInbound& inbound) {
  if (errors.empty()) return;
  const Json* code = jf::member(errors.front(), "code");
  if (code != nullptr && code->is_number_integer()) inbound.error_code = code->get<int>();
  inbound.error_title = jf::getString(errors.front(), "title");
  if (inbound.error_title.empty()) inbound.error_title = jf::getString(errors.front(), "message");
}

// An edit carries the new message whole; its text is where that message's type keeps it.
std::string editedText(const Json& edited) {
  const std::string type = jf::getString(edited, "type");
  if (type == "text") return jf::getString(jf::getOptional(edited, "text"), "body");
  return type.empty() ? std::string()
                      : jf::getString(jf::getOptional(edited, type.c_str()), "caption");
}

}  // namespace

void parseInboundEventFields(const Json& message, const Json& change_value, MetaInbound& inbound) {
  inbound.from_user_id = senderUserId(message, change_value);
  if (inbound.type == "reaction") {
    const Json& reaction = jf::getOptional(message, "reaction");
    inbound.related_message_id = jf::getString(reaction, "message_id");
    inbound.emoji = jf::getString(reaction, "emoji");
  } else if (inbound.type == "edit") {
    const Json& edit = jf::getOptional(message, "edit");
    inbound.related_message_id = jf::getString(edit, "original_message_id");
    inbound.text = editedText(jf::getOptional(edit, "message"));
  } else if (inbound.type == "revoke") {
    inbound.related_message_id =
        jf::getString(jf::getOptional(message, "revoke"), "original_message_id");
  } else if (inbound.type == "system") {
    const Json& system = jf::getOptional(message, "system");
    inbound.system_type = jf::getString(system, "type");
    inbound.new_wa_id = jf::getString(system, "new_wa_id");
    if (inbound.new_wa_id.empty()) inbound.new_wa_id = jf::getString(system, "wa_id");
  }
  readFirstError(jf::getArray(message, "errors"), inbound);
  // The change's errors[] describe the messages beside them when those carry nothing usable.
  if (!inbound.error_code && inbound.text.empty()) {
    readFirstError(jf::getArray(change_value, "errors"), inbound);
  }
}

}  // namespace mensajero::channels::meta
