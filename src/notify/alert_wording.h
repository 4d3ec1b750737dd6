#pragma once

#include <string>
#include <string_view>

#include "monitoring/alert_notification.h"

// The words every channel uses for one notification, so Slack, email and the webhook agree.
namespace mensajero::notify {

// "FIRING", "STILL FIRING" or "RESOLVED".
std::string_view stateWord(monitoring::AlertNotification::Kind kind);

// "[FIRING] Circuit Breaker Opened (high)": a one-line summary.
std::string headline(const monitoring::AlertNotification& notification);

// A metric value for people: up to six significant digits, no exponent for ordinary sizes.
std::string formatValue(double value);

// `text` cut to at most `max_bytes` bytes without splitting a UTF-8 sequence; "..." marks a cut.
std::string truncateUtf8(std::string_view text, std::size_t max_bytes);

}  // namespace mensajero::notify
