#pragma once

#include <utility>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mensajero::channels::twilio {

// One application/x-www-form-urlencoded field; names may repeat, order is kept.
using FormField = std::pair<std::string, std::string>;
using FormFields = std::vector<FormField>;

// Percent-encodes everything but unreserved characters (A-Z a-z 0-9 - . _ ~), so '+' and ':'
// in "whatsapp:+1..." survive and a space is "%20".
std::string percentEncode(std::string_view text);
// "name=value&name=value" in the given order.
std::string encodeForm(const FormFields& fields);

// Bounds on an untrusted form body. Twilio's webhooks carry about 20 to 40 fields (plus
// MediaUrl{N}/MediaContentType{N} pairs) and a Body of at most 1600 characters.
struct FormLimits {
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_fields = 256;
  std::size_t max_name_bytes = 128;
  std::size_t max_value_bytes = 16 * 1024;  // after decoding
};

// Decodes an application/x-www-form-urlencoded body into fields, in order, keeping repeated
// names and empty values ("ToCity=" is a field; Twilio signs it). '+' is a space, %XX a byte.
// Empty pieces ("a=1&&b=2") are skipped; a piece without '=' is a name with an empty value.
// Invalid, naming the bound and never the content, with code "form_too_large",
// "too_many_form_fields", "form_name_too_long", "form_value_too_long" or "malformed_form"
// (a '%' not followed by two hex digits).
Result<FormFields> decodeForm(std::string_view body, const FormLimits& limits = {});
// Percent-decodes one component ('+' is a space); Invalid "malformed_form" for a bad escape.
Result<std::string> percentDecode(std::string_view text);

}  // namespace mensajero::channels::twilio
