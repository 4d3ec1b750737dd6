#include "channels/twilio/twilio_events.h"

#include <string>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "channels/inbound_reply.h"

namespace mensajero::channels::twilio {
namespace {

constexpr std::string_view kWhatsAppPrefix = "whatsapp:";

// Our number as the tenancy check knows it (webhookIdentity): the Messaging Service when the
// message went through one, else the number itself.
std::string ourNumber(const std::string& messaging_service_sid, std::string_view address) {
  if (!messaging_service_sid.empty()) return messaging_service_sid;
  return std::string(withoutChannelPrefix(address));
}

void addStatus(const TwilioStatusCallback& callback, WebhookEvents& events) {
  const auto status = gatewayStatusOf(callback.status);
  if (!status || *status == "pending") return;  // queued, accepted, ...: not a delivery step
  StatusUpdate update;
  update.number_id = ourNumber(callback.messaging_service_sid, callback.from);
  update.external_id = callback.message_sid;
  update.status = std::string(*status);
  if (callback.error_code) {
    update.error_code = "twilio_" + std::to_string(*callback.error_code);
    update.error_message = "Twilio error " + std::to_string(*callback.error_code);
  }
  events.statuses.push_back(std::move(update));
}

void addInbound(const TwilioInboundMessage& inbound, WebhookEvents& events) {
  InboundMessage message;
  message.number_id = ourNumber(inbound.messaging_service_sid, inbound.to);
  message.external_id = inbound.message_sid;
  message.channel_type = inbound.whatsapp ? "whatsapp" : "sms";
  message.sender = std::string(withoutChannelPrefix(inbound.from));
  message.profile_name = inbound.profile_name;
  message.text = inbound.body.empty() ? inbound.button_text : inbound.body;
  if (!inbound.button_payload.empty()) {
    // Stored like Meta's taps (channels/inbound_reply.h), so a clinic reads one shape.
    message.message_type = "interactive";
    InboundReply reply{"button", inbound.button_payload, inbound.button_text, "",
                       inbound.replied_to_sid};
    message.content.trimmed = boundInboundReply(reply);
    message.content.value = std::move(reply);
  }
  if (inbound.num_media > 0) {
    // The files stay at Twilio (fetching them needs the account's credentials); their count
    // and types are kept so nothing the patient sent goes unmentioned.
    message.message_type = "media";
    nlohmann::json types = nlohmann::json::array();
    for (const auto& media : inbound.media) types.push_back(media.content_type);
    message.detail = nlohmann::json{{"mediaCount", inbound.num_media}, {"mediaTypes", types}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (message.text.empty()) message.text = "[" + std::to_string(inbound.num_media) + " media]";
  }
  events.messages.push_back(std::move(message));
}

}  // namespace

std::string_view withoutChannelPrefix(std::string_view address) {
  if (address.starts_with(kWhatsAppPrefix)) address.remove_prefix(kWhatsAppPrefix.size());
  return address;
}

WebhookEvents toWebhookEvents(const TwilioWebhook& webhook) {
  WebhookEvents events;
  std::visit(
      [&events](const auto& value) {
        if constexpr (std::is_same_v<std::decay_t<decltype(value)>, TwilioStatusCallback>) {
          addStatus(value, events);
        } else {
          addInbound(value, events);
        }
      },
      webhook);
  return events;
}

}  // namespace mensajero::channels::twilio
