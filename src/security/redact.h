#pragma once

#include <string>
#include <string_view>

namespace mensajero::security {

// A stable, non-reversible stand-in for a phone number or wa_id in logs and metrics:
// "rcpt:" + the first 12 hex digits of SHA-256("mensajero-log:" + value). Lets operators
// correlate log lines about the same patient without writing the number.
std::string redactRecipient(std::string_view phone_or_id);

}  // namespace mensajero::security
