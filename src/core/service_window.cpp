#include "core/service_window.h"

#include <string>

namespace mensajero::core {

bool typeNeedsServiceWindow(std::string_view message_type) { return message_type != "template"; }

bool channelHasServiceWindow(std::string_view channel_type) { return channel_type == "whatsapp"; }

ServiceWindow serviceWindowAt(std::optional<UnixMillis> last_inbound_at, UnixMillis now) {
  ServiceWindow window;
  if (!last_inbound_at) return window;
  window.last_inbound_at = last_inbound_at;
  window.expires_at = *last_inbound_at + kServiceWindowLength.count();
  window.open = now < *window.expires_at;
  return window;
}

std::optional<Error> serviceWindowRefusal(std::string_view channel_type,
                                          std::string_view message_type,
                                          std::optional<UnixMillis> last_inbound_at,
                                          UnixMillis now) {
  if (!channelHasServiceWindow(channel_type) || !typeNeedsServiceWindow(message_type)) {
    return std::nullopt;
  }
  if (serviceWindowAt(last_inbound_at, now).open) return std::nullopt;
  return makeError(ErrorCategory::Fallback, std::string(kOutsideServiceWindow),
                   last_inbound_at
                       ? "more than 24 hours passed since the patient's last message: WhatsApp "
                         "accepts only an approved template now"
                       : "the patient has not written on WhatsApp yet: WhatsApp accepts only an "
                         "approved template until they do");
}

}  // namespace mensajero::core
