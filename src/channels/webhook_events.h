#pragma once

#include <optional>
#include <string>
#include <vector>

#include "channels/inbound_content.h"

// What a provider's webhook says, in a form no provider owns. A provider's parser
// (Provider::parseWebhook) fills these from one stored body; core bounds them, keys them and
// turns them into the store's work (core/webhook_work.h). Plain values, safe to copy between
// threads.
namespace mensajero::channels {

// A delivery step of one of our messages.
struct StatusUpdate {
  std::string number_id;                  // the provider's id of our number the event names
  std::string external_id;                // the provider's message id
  std::optional<std::string> message_id;  // ours, when the provider echoes it back
  // sent | delivered | read | failed. NOTE: a string until core's domain types land; a
  // provider maps its own vocabulary onto these four and leaves out every other step.
  std::string status;
  long long at_ms = 0;                       // when the provider says it happened (Unix ms)
  std::optional<std::string> error_code;     // "<provider>_<provider code>"
  std::optional<std::string> error_message;  // the provider's title, never PHI of ours
};

// A message from a patient, or an event about one (inbound_kinds.h).
struct InboundMessage {
  std::string number_id;    // the provider's id of our number it came in on
  std::string external_id;  // the provider's message id
  std::string channel_type = "whatsapp";
  // The sender's address as the provider names it: a WhatsApp id (digits) or "+E164". Empty
  // when the provider names the sender by a user id only.
  std::string sender;
  std::string sender_user_id;  // a provider-scoped user id (may be empty)
  std::string profile_name;
  std::string message_type = "text";  // text | media | interactive
  std::string text;                   // the patient's text, a caption, a reaction's emoji
  InboundContent content;             // media, location, contacts, order, form answers
  // Empty for a patient's message; otherwise one of inbound_kinds.h.
  std::string kind;
  std::string related_external_id;  // the message a reaction, edit or revoke names
  std::optional<std::string> code;  // "<provider>_<provider code>" of an error or unsupported
  std::string detail = "{}";        // JSON object (emoji, old/new ids, error title); no NULs
  std::string new_sender;           // a number change: the sender's new address
  // When the provider says the patient sent it (Unix ms); 0 when it does not say.
  long long sent_at_ms = 0;
};

// An event the provider's parser could not make sense of at all, reported so it is counted.
struct DroppedEvent {
  std::string reason;       // one of drop_reasons (inbound_kinds.h)
  std::string external_id;  // the provider's message id when it has one
};

// A change to one of the account's message templates: its review outcome (status, with the
// provider's reason) or its quality rating. Both may be absent from one event when the provider
// reports a step the gateway does not track.
struct TemplateUpdate {
  std::string account_id;            // the provider's business account (Meta: WABA id)
  std::string provider_template_id;  // the provider's id of the template
  std::string template_name;
  std::string language;
  // pending | approved | rejected | paused | disabled (the provider maps its own vocabulary).
  std::optional<std::string> status;
  std::optional<std::string> reason;   // why it was rejected, paused or disabled
  std::optional<std::string> quality;  // the provider's rating, e.g. GREEN | YELLOW | RED
};

// Everything one webhook body says, in the order the provider listed it.
struct WebhookEvents {
  std::vector<StatusUpdate> statuses;
  std::vector<InboundMessage> messages;
  std::vector<DroppedEvent> dropped;
  std::vector<TemplateUpdate> template_updates;
};

}  // namespace mensajero::channels
