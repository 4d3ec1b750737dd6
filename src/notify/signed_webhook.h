#pragma once

#include <string>
#include <string_view>

#include "common/time_format.h"
#include "monitoring/alert_notification.h"

// The generic webhook: a JSON body signed so the receiver can tell it came from this gateway
// and is fresh (docs/monitoring/notifiers.md, "Verifying the generic webhook").
namespace mensajero::notify {

inline constexpr const char* kTimestampHeader = "X-Mensajero-Timestamp";
inline constexpr const char* kSignatureHeader = "X-Mensajero-Signature";

// {"version":1,"kind","rule","severity","condition","metric","value","threshold","since",
//  "at","dedup_key","source"}; times are ISO 8601 UTC.
std::string webhookPayload(const monitoring::AlertNotification& notification);

// "v1=" + lowercase hex HMAC-SHA256 keyed with `secret` over "<timestamp>.<body>", where
// `timestamp` is the X-Mensajero-Timestamp value (Unix seconds, decimal).
std::string webhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body);

// The timestamp header's value for `at`: Unix seconds.
std::string webhookTimestamp(UnixMillis at);

}  // namespace mensajero::notify
