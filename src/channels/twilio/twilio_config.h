#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mensajero::channels::twilio {

inline constexpr std::string_view kDefaultBaseUrl = "https://api.twilio.com";
inline constexpr int kDefaultMaxSegments = 10;
// Twilio refuses bodies over 1600 characters (21617); at 153 septets a part that is 11 GSM-7
// parts, at 67 units 24 UCS-2 parts, so no useful maximum lies above this.
inline constexpr int kMaxMaxSegments = 24;

// What a Twilio instance carries: plain SMS, or WhatsApp through Twilio ("whatsapp:+E164").
enum class TwilioChannelType { Sms, WhatsApp };

// A Twilio Programmable Messaging channel instance, as stored in provider_config (JSON).
// Exactly one of `from` and `messaging_service_sid` is set.
struct TwilioConfig {
  std::string base_url{kDefaultBaseUrl};  // no trailing slash
  std::string account_sid;                // "AC" + 32 hex digits; required
  std::string auth_token;                 // required; secret (also signs webhooks)
  std::string from;                       // E.164 "+14155238886", without "whatsapp:"
  std::string messaging_service_sid;      // "MG" + 32 hex digits
  TwilioChannelType channel_type = TwilioChannelType::Sms;
  std::string status_callback_url;  // optional; sent as StatusCallback
  int max_segments = kDefaultMaxSegments;
  std::chrono::milliseconds timeout{10'000};
};

// Parses and validates provider_config of a Twilio instance whose channel type is
// `channel_type` ("sms" or "whatsapp"). Keys: account_sid, auth_token, from,
// messaging_service_sid, base_url, status_callback_url, max_segments, timeout_ms; other keys
// (e.g. breaker settings) are ignored. Invalid with code "invalid_config" and a message that
// names the field and the rule, never the value (values may be credentials).
Result<TwilioConfig> parseTwilioConfig(std::string_view provider_config_json,
                                       std::string_view channel_type);
// The provider_config JSON of `config` (channel type not included: the instance holds it).
std::string toJson(const TwilioConfig& config);

// "AC"/"MG"/"SM" + 32 hex digits.
bool isTwilioSid(std::string_view text, std::string_view prefix);
// "+" and 7 to 15 digits, the first not 0.
bool isE164(std::string_view text);

}  // namespace mensajero::channels::twilio
