#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/inbound_content.h"
#include "channels/webhook_events.h"
#include "common/result.h"

namespace mensajero::channels::meta {

struct MetaStatus {
  std::string phone_number_id;  // metadata.phone_number_id of the change
  std::string message_id;       // wamid
  std::string status;           // sent | delivered | read | failed | played | ...
  long long timestamp = 0;      // Unix seconds; 0 when absent, negative or past year 9999
  std::string recipient_id;
  std::optional<std::string> callback_data;  // biz_opaque_callback_data
  std::optional<int> error_code;             // errors[0].code
  std::optional<std::string> error_title;    // errors[0].title or message
};

struct MetaInbound {
  std::string phone_number_id;
  std::string message_id;    // wamid
  std::string from;          // wa_id digits; empty when Meta sends only the user id
  std::string from_user_id;  // business-scoped user id (BSUID), may be empty
  std::string profile_name;  // from contacts[] matching wa_id, may be empty
  std::string type;          // text | button | interactive | image | ...
  std::string text;          // text.body, button.text, interactive reply title, caption
  long long timestamp = 0;   // as MetaStatus::timestamp
  InboundContent content;    // media, location, contacts, order, flow answers; else empty
  // What a message that is not a patient's text says (meta_inbound_events.h): a reaction,
  // an edit, a system notice, or the errors of an unsupported message.
  std::string related_message_id;  // reaction.message_id, edit/revoke.original_message_id
  std::string emoji;               // reaction.emoji; empty means the reaction was removed
  std::string system_type;         // system.type
  std::string new_wa_id;           // system.new_wa_id or system.wa_id of a number change
  std::optional<int> error_code;   // errors[0].code (the message's, else the change's)
  std::string error_title;         // errors[0].title or message
};

struct MetaWebhook {
  std::string object;  // "whatsapp_business_account"
  std::string field;   // first change's field, e.g. "messages"
  std::vector<MetaStatus> statuses;
  std::vector<MetaInbound> messages;
  // Template status and quality changes (meta_template_webhook.h), already in the gateway's
  // terms; entry.id (the WABA id) is their account.
  std::vector<TemplateUpdate> template_updates;
};

// Parses a (verified) webhook body. Tolerant of unknown fields and missing optional ones.
// Invalid with code "malformed_json" and the byte offset in the message when the body is
// not JSON, "json_too_deep" or "number_out_of_range" past the bounds of
// common/bounded_json.h; Invalid "unexpected_payload" when it is JSON but not an object.
Result<MetaWebhook> parseMetaWebhook(std::string_view body);

}  // namespace mensajero::channels::meta
