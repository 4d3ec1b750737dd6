#include "channels/meta/meta_events.h"

#include <optional>
#include <string>

#include "channels/meta/meta_inbound_kinds.h"

namespace mensajero::channels::meta {
namespace {

// Meta's statuses that move our delivery state; "played" (a voice message was played) is
// as good as read. Anything else (e.g. "deleted", "warning") is not a delivery step.
std::optional<std::string> ourStatus(const std::string& meta_status) {
  if (meta_status == "sent" || meta_status == "delivered" || meta_status == "read" ||
      meta_status == "failed") {
    return meta_status;
  }
  if (meta_status == "played") return std::string("read");
  return std::nullopt;
}

StatusUpdate toStatusUpdate(const MetaStatus& status, std::string our_status) {
  StatusUpdate update;
  update.number_id = status.phone_number_id;
  update.external_id = status.message_id;
  update.message_id = status.callback_data;
  update.status = std::move(our_status);
  update.at_ms = status.timestamp * 1000;
  if (status.error_code) update.error_code = "meta_" + std::to_string(*status.error_code);
  update.error_message = status.error_title;
  return update;
}

std::string messageType(const std::string& meta_type) {
  if (meta_type == "text") return "text";
  if (meta_type == "image" || meta_type == "audio" || meta_type == "video" ||
      meta_type == "document" || meta_type == "sticker") {
    return "media";
  }
  return "interactive";
}

InboundMessage toInboundMessage(const MetaInbound& inbound) {
  InboundMessage message;
  message.number_id = inbound.phone_number_id;
  message.external_id = inbound.message_id;
  message.channel_type = "whatsapp";
  message.sender = inbound.from;
  message.sender_user_id = inbound.from_user_id;
  message.profile_name = inbound.profile_name;
  message.message_type = messageType(inbound.type);
  message.text = inbound.text;
  message.content = inbound.content;
  message.sent_at_ms = inbound.timestamp * 1000;  // bounded to year 9999 by the parser
  classifyMetaInbound(inbound, message);
  return message;
}

}  // namespace

WebhookEvents toWebhookEvents(const MetaWebhook& webhook) {
  WebhookEvents events;
  for (const auto& status : webhook.statuses) {
    if (auto ours = ourStatus(status.status)) {
      events.statuses.push_back(toStatusUpdate(status, std::move(*ours)));
    }
  }
  for (const auto& inbound : webhook.messages) {
    events.messages.push_back(toInboundMessage(inbound));
  }
  events.template_updates = webhook.template_updates;
  return events;
}

}  // namespace mensajero::channels::meta
