#include "channels/meta/meta_inbound_kinds.h"

#include <string>

#include <nlohmann/json.hpp>

#include "channels/inbound_kinds.h"

namespace mensajero::channels::meta {
namespace {

using nlohmann::json;
namespace kinds = inbound_kinds;

// Titles and emoji are provider text; NULs would not fit PostgreSQL text (nor jsonb).
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

void setError(const MetaInbound& inbound, InboundMessage& message, json& detail) {
  if (inbound.error_code) message.code = "meta_" + std::to_string(*inbound.error_code);
  if (!inbound.error_title.empty()) detail["title"] = clean(inbound.error_title);
}

void classifySystem(const MetaInbound& inbound, InboundMessage& message, json& detail) {
  message.kind = systemKind(inbound.system_type);
  detail["systemType"] = clean(inbound.system_type);
  if (message.kind == kinds::kNumberChange && !inbound.new_wa_id.empty()) {
    detail["oldWaId"] = clean(inbound.from);
    detail["newWaId"] = clean(inbound.new_wa_id);
    message.new_sender = clean(inbound.new_wa_id);
  }
  message.text.clear();
}

}  // namespace

void classifyMetaInbound(const MetaInbound& inbound, InboundMessage& message) {
  json detail = json::object();
  if (inbound.type == "reaction") {
    message.kind = kinds::kReaction;
    message.related_external_id = clean(inbound.related_message_id);
    message.text = clean(inbound.emoji);
    detail["emoji"] = message.text;
  } else if (inbound.type == "edit") {
    message.kind = kinds::kEdit;
    message.related_external_id = clean(inbound.related_message_id);
  } else if (inbound.type == "revoke") {
    message.kind = kinds::kRevoke;
    message.related_external_id = clean(inbound.related_message_id);
    message.text.clear();
  } else if (inbound.type == "system") {
    classifySystem(inbound, message, detail);
  } else if (inbound.type == "unsupported" || inbound.type == "unknown") {
    message.kind = kinds::kUnsupported;
    setError(inbound, message, detail);
    message.text.clear();
  } else if (inbound.error_code && inbound.text.empty()) {
    message.kind = kinds::kError;
    setError(inbound, message, detail);
  } else if (message.text.empty() && message.content.empty()) {
    // A message of a kind we cannot render (a type added by Meta after this code, or none at
    // all) is kept as an event naming its type, never as a blank message.
    message.kind = kinds::kUnsupported;
  } else {
    return;
  }
  detail["type"] = clean(inbound.type);
  message.detail = detail.dump();
}

}  // namespace mensajero::channels::meta
