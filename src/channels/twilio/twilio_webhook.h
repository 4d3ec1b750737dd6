#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "channels/twilio/form_encoding.h"
#include "common/result.h"

namespace mensajero::channels::twilio {

// MessageStatus values (shared/reference/providers.md §2.2). Unknown for anything new.
enum class TwilioMessageStatus {
  Queued,
  Accepted,
  Scheduled,
  Sending,
  Sent,
  Delivered,
  Undelivered,
  Failed,
  Read,
  Canceled,
  Receiving,
  Received,
  PartiallyDelivered,
  Unknown,
};

// A status callback: the form Twilio posts to a message's StatusCallback URL.
struct TwilioStatusCallback {
  std::string message_sid;  // "SM..." / "MM..."
  std::string account_sid;
  std::string raw_status;  // MessageStatus as sent
  TwilioMessageStatus status = TwilioMessageStatus::Unknown;
  std::optional<int> error_code;  // ErrorCode, on failed / undelivered
  std::string from;
  std::string to;
  std::string messaging_service_sid;
  bool whatsapp = false;  // ChannelPrefix=whatsapp or a "whatsapp:" address
};

struct TwilioMedia {
  std::string url;           // MediaUrl{N}; fetching it needs Basic auth
  std::string content_type;  // MediaContentType{N}
};

// An inbound message (SMS, MMS or WhatsApp through Twilio).
struct TwilioInboundMessage {
  std::string message_sid;
  std::string account_sid;
  std::string messaging_service_sid;
  std::string from;  // "+E164" or "whatsapp:+E164"
  std::string to;
  std::string body;
  int num_media = 0;
  int num_segments = 0;
  std::vector<TwilioMedia> media;  // in N order, at most kMaxMedia
  bool whatsapp = false;
  std::string profile_name;  // WhatsApp only
  std::string wa_id;         // WhatsApp only: digits, no '+'
  std::string button_text;   // WhatsApp quick-reply tap
  std::string button_payload;
  std::string replied_to_sid;  // OriginalRepliedMessageSid
};

using TwilioWebhook = std::variant<TwilioStatusCallback, TwilioInboundMessage>;

inline constexpr int kMaxMedia = 10;                // Twilio's limit per message
inline constexpr std::size_t kMaxBodyBytes = 6400;  // 1600 characters of up to 4 bytes

// Reads a decoded form as a status callback (MessageStatus present and SmsStatus not
// "received") or an inbound message (SmsStatus "received", or a Body without MessageStatus).
// Invalid "unknown_twilio_webhook" when it is neither, "invalid_twilio_webhook" (naming the
// field, never its value) when MessageSid is missing, a number field is not a number,
// NumMedia is over kMaxMedia or the Body is over kMaxBodyBytes. Unknown fields are ignored
// (Twilio adds fields without notice). For a repeated name the first value counts.
Result<TwilioWebhook> parseTwilioWebhook(const FormFields& form);

// The whole inbound path for one POST, in the order that matters: bounds (decodeForm with
// `limits`), then the signature over the decoded fields (Unauthorized "invalid_signature",
// checked before anything is interpreted), then parseTwilioWebhook. `url` is the public URL
// Twilio called (see verifyTwilioSignature), `signature_header` the X-Twilio-Signature value.
Result<TwilioWebhook> authenticateTwilioWebhook(std::string_view auth_token, std::string_view url,
                                                std::string_view form_body,
                                                std::string_view signature_header,
                                                const FormLimits& limits = {});

TwilioMessageStatus parseTwilioMessageStatus(std::string_view status);
// Our message status for a Twilio one: queued/accepted/scheduled -> "pending",
// sending/sent -> "sent", delivered -> "delivered", read -> "read", undelivered/failed ->
// "failed"; nullopt for statuses that say nothing about an outbound message.
std::optional<std::string_view> gatewayStatusOf(TwilioMessageStatus status);

}  // namespace mensajero::channels::twilio
