#include "channels/twilio/twilio_webhook.h"

#include <utility>

#include <array>
#include <charconv>

#include "channels/twilio/twilio_signature.h"

namespace mensajero::channels::twilio {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_twilio_webhook", std::move(message));
}

// The first value of `name`, or nullptr.
const std::string* find(const FormFields& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) return &value;
  }
  return nullptr;
}

std::string get(const FormFields& form, std::string_view name) {
  const std::string* value = find(form, name);
  return value != nullptr ? *value : std::string();
}

// A non-negative integer field; `fallback` when absent or empty.
Result<int> getCount(const FormFields& form, const char* name, int fallback) {
  const std::string* text = find(form, name);
  if (text == nullptr || text->empty()) return fallback;
  int value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc() || end != text->data() + text->size() || value < 0) {
    return invalid(std::string(name) + " is not a non-negative integer");
  }
  return value;
}

bool isWhatsApp(const FormFields& form) {
  return get(form, "ChannelPrefix") == "whatsapp" || get(form, "From").starts_with("whatsapp:") ||
         get(form, "To").starts_with("whatsapp:");
}

std::string messageSid(const FormFields& form) {
  for (const char* name : {"MessageSid", "SmsSid", "SmsMessageSid"}) {
    std::string sid = get(form, name);
    if (!sid.empty()) return sid;
  }
  return "";
}

Result<TwilioWebhook> statusCallback(const FormFields& form) {
  TwilioStatusCallback callback;
  callback.message_sid = messageSid(form);
  callback.account_sid = get(form, "AccountSid");
  callback.raw_status = get(form, "MessageStatus");
  callback.status = parseTwilioMessageStatus(callback.raw_status);
  callback.from = get(form, "From");
  callback.to = get(form, "To");
  callback.messaging_service_sid = get(form, "MessagingServiceSid");
  callback.whatsapp = isWhatsApp(form);
  auto error_code = getCount(form, "ErrorCode", -1);
  if (!error_code) return error_code.error();
  if (*error_code >= 0) callback.error_code = *error_code;
  return TwilioWebhook(std::move(callback));
}

Status readMedia(const FormFields& form, TwilioInboundMessage& message) {
  if (message.num_media > kMaxMedia) {
    return invalid("NumMedia is over " + std::to_string(kMaxMedia));
  }
  for (int n = 0; n < message.num_media; ++n) {
    const std::string index = std::to_string(n);
    message.media.push_back({get(form, "MediaUrl" + index), get(form, "MediaContentType" + index)});
  }
  return {};
}

Result<TwilioWebhook> inboundMessage(const FormFields& form) {
  TwilioInboundMessage message;
  message.message_sid = messageSid(form);
  message.account_sid = get(form, "AccountSid");
  message.messaging_service_sid = get(form, "MessagingServiceSid");
  message.from = get(form, "From");
  message.to = get(form, "To");
  message.body = get(form, "Body");
  if (message.body.size() > kMaxBodyBytes) {
    return invalid("Body is over " + std::to_string(kMaxBodyBytes) + " bytes");
  }
  auto num_media = getCount(form, "NumMedia", 0);
  if (!num_media) return num_media.error();
  message.num_media = *num_media;
  auto num_segments = getCount(form, "NumSegments", 1);
  if (!num_segments) return num_segments.error();
  message.num_segments = *num_segments;
  if (Status media = readMedia(form, message); !media) return media.error();
  message.whatsapp = isWhatsApp(form);
  message.profile_name = get(form, "ProfileName");
  message.wa_id = get(form, "WaId");
  message.button_text = get(form, "ButtonText");
  message.button_payload = get(form, "ButtonPayload");
  message.replied_to_sid = get(form, "OriginalRepliedMessageSid");
  return TwilioWebhook(std::move(message));
}

}  // namespace

TwilioMessageStatus parseTwilioMessageStatus(std::string_view status) {
  static constexpr std::array<std::pair<std::string_view, TwilioMessageStatus>, 13> kNames{{
      {"queued", TwilioMessageStatus::Queued},
      {"accepted", TwilioMessageStatus::Accepted},
      {"scheduled", TwilioMessageStatus::Scheduled},
      {"sending", TwilioMessageStatus::Sending},
      {"sent", TwilioMessageStatus::Sent},
      {"delivered", TwilioMessageStatus::Delivered},
      {"undelivered", TwilioMessageStatus::Undelivered},
      {"failed", TwilioMessageStatus::Failed},
      {"read", TwilioMessageStatus::Read},
      {"canceled", TwilioMessageStatus::Canceled},
      {"receiving", TwilioMessageStatus::Receiving},
      {"received", TwilioMessageStatus::Received},
      {"partially_delivered", TwilioMessageStatus::PartiallyDelivered},
  }};
  for (const auto& [name, value] : kNames) {
    if (name == status) return value;
  }
  return TwilioMessageStatus::Unknown;
}

std::optional<std::string_view> gatewayStatusOf(TwilioMessageStatus status) {
  switch (status) {
    case TwilioMessageStatus::Queued:
    case TwilioMessageStatus::Accepted:
    case TwilioMessageStatus::Scheduled:
      return "pending";
    case TwilioMessageStatus::Sending:
    case TwilioMessageStatus::Sent:
      return "sent";
    case TwilioMessageStatus::Delivered:
      return "delivered";
    case TwilioMessageStatus::Read:
      return "read";
    case TwilioMessageStatus::Undelivered:
    case TwilioMessageStatus::Failed:
      return "failed";
    default:
      return std::nullopt;
  }
}

Result<TwilioWebhook> parseTwilioWebhook(const FormFields& form) {
  const std::string* message_status = find(form, "MessageStatus");
  const std::string sms_status = get(form, "SmsStatus");
  const bool inbound =
      sms_status == "received" || (message_status == nullptr && find(form, "Body") != nullptr);
  if (!inbound && message_status == nullptr) {
    return makeError(ErrorCategory::Invalid, "unknown_twilio_webhook",
                     "neither a status callback (MessageStatus) nor an inbound message");
  }
  if (messageSid(form).empty()) {
    return invalid("MessageSid is missing");
  }
  return inbound ? inboundMessage(form) : statusCallback(form);
}

Result<TwilioWebhook> authenticateTwilioWebhook(std::string_view auth_token, std::string_view url,
                                                std::string_view form_body,
                                                std::string_view signature_header,
                                                const FormLimits& limits) {
  auto form = decodeForm(form_body, limits);
  if (!form) return form.error();
  if (!verifyTwilioSignature(auth_token, url, *form, signature_header)) {
    return makeError(ErrorCategory::Unauthorized, "invalid_signature",
                     "X-Twilio-Signature does not match");
  }
  return parseTwilioWebhook(*form);
}

}  // namespace mensajero::channels::twilio
