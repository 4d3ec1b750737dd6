#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "common/result.h"
#include "common/time_format.h"

// WhatsApp's customer-service window (docs/ARCHITECTURE.md, "Service window"): a patient's
// message opens 24 hours in which the business may send free-form messages (text, media,
// interactive); outside it only an approved template may go out, and Meta refuses the rest
// with error 131047. The window belongs to the channel type, so it holds for every WhatsApp
// instance, Meta's and Twilio's. Pure functions of their arguments; thread-safe.
namespace mensajero::core {

inline constexpr std::chrono::milliseconds kServiceWindowLength = std::chrono::hours(24);
inline constexpr std::string_view kOutsideServiceWindow = "outside_customer_service_window";

// Whether a message of this type may only go out inside the window: every type but
// "template" (an unknown type counts as free-form, so it is held to the window).
bool typeNeedsServiceWindow(std::string_view message_type);

// Whether messages on this channel type ("whatsapp", "sms", ...) are held to a window.
bool channelHasServiceWindow(std::string_view channel_type);

struct ServiceWindow {
  bool open = false;
  std::optional<UnixMillis> last_inbound_at;  // nullopt: the patient never wrote
  std::optional<UnixMillis> expires_at;       // last_inbound_at + 24 h; nullopt with it
};

// The window at `now` of a conversation whose newest inbound message came at
// `last_inbound_at`: open iff now < last_inbound_at + 24 h (closed at the exact instant).
ServiceWindow serviceWindowAt(std::optional<UnixMillis> last_inbound_at, UnixMillis now);

// Why a message of `message_type` on `channel_type` may not go out at `now`, or nullopt when
// it may. The error is ErrorCategory::Fallback, code kOutsideServiceWindow: the channel
// cannot take it, a later channel of its plan (SMS) may.
std::optional<Error> serviceWindowRefusal(std::string_view channel_type,
                                          std::string_view message_type,
                                          std::optional<UnixMillis> last_inbound_at,
                                          UnixMillis now);

}  // namespace mensajero::core
