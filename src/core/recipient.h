#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace mensajero::core {

// Validates a phone number with libphonenumber and returns it in E.164 ("+12015550123").
// Numbers without "+" are read in default_region (ISO 3166 alpha-2). Invalid with code
// "invalid_recipient" when libphonenumber cannot parse it or does not consider it valid.
// Thread-safe.
Result<std::string> normalizePhone(std::string_view input, std::string_view default_region);

// The key that identifies a WhatsApp user across outbound numbers and inbound wa_ids:
// "+" followed by digits, with Meta's known rewrites undone so both sides meet:
// Mexico "+521XXXXXXXXXX" -> "+52XXXXXXXXXX"; Brazil mobile without the ninth digit
// "+55DDXXXXXXXX" (8-digit subscriber starting 6-9) -> "+55DD9XXXXXXXX".
// Accepts "+E164" or bare wa_id digits; non-digits other than a leading '+' are dropped.
std::string whatsappKey(std::string_view e164_or_wa_id);

}  // namespace mensajero::core
