#include "core/meta_inbound_kinds.h"

#include <string>

#include <nlohmann/json.hpp>

#include "core/inbound_kinds.h"
#include "core/recipient.h"

namespace mensajero::core {
namespace {

using nlohmann::json;
namespace kinds = inbound_kinds;

// Titles and emoji are provider text; NULs would not fit PostgreSQL text.
std::string clean(std::string text) {
  std::erase(text, '\0');
  return text;
}

std::string systemKind(const std::string& system_type) {
  // Meta has named the number change both ways over its versions.
  if (system_type == "user_changed_number" || system_type == "customer_changed_number") {
    return std::string(kinds::kNumberChange);
  }
  if (system_type == "customer_identity_changed" || system_type == "user_identity_changed") {
    return std::string(kinds::kIdentityChange);
  }
  return std::string(kinds::kSystem);
}

void setError(const channels::meta::MetaInbound& inbound, storage::InboundEvent& event,
              json& detail) {
  if (inbound.error_code) event.code = "meta_" + std::to_string(*inbound.error_code);
  if (!inbound.error_title.empty()) detail["title"] = clean(inbound.error_title);
}

}  // namespace

void classifyMetaInbound(const channels::meta::MetaInbound& inbound, storage::InboundEvent& event) {
  json detail = json::object();
  if (inbound.type == "reaction") {
    event.kind = kinds::kReaction;
    event.related_external_id = clean(inbound.related_message_id);
    event.content = clean(inbound.emoji);
    detail["emoji"] = event.content;
  } else if (inbound.type == "edit") {
    event.kind = kinds::kEdit;
    event.related_external_id = clean(inbound.related_message_id);
  } else if (inbound.type == "revoke") {
    event.kind = kinds::kRevoke;
    event.related_external_id = clean(inbound.related_message_id);
    event.content.clear();
  } else if (inbound.type == "system") {
    event.kind = systemKind(inbound.system_type);
    detail["systemType"] = clean(inbound.system_type);
    if (event.kind == kinds::kNumberChange && !inbound.new_wa_id.empty()) {
      detail["oldWaId"] = clean(inbound.from);
      detail["newWaId"] = clean(inbound.new_wa_id);
      event.new_whatsapp_id = clean(inbound.new_wa_id);
      event.new_channel_identifier = whatsappKey(inbound.new_wa_id);
    }
    event.content.clear();
  } else if (inbound.type == "unsupported" || inbound.type == "unknown") {
    event.kind = kinds::kUnsupported;
    setError(inbound, event, detail);
    event.content.clear();
  } else if (inbound.error_code && inbound.text.empty()) {
    event.kind = kinds::kError;
    setError(inbound, event, detail);
  } else if (event.content.empty()) {
    // A message of a kind we cannot render (a type added by Meta after this code, or none at
    // all) is kept as an event naming its type, never as a blank message.
    event.kind = kinds::kUnsupported;
  } else {
    return;
  }
  detail["type"] = clean(inbound.type);
  event.detail = detail.dump();
}

}  // namespace mensajero::core
