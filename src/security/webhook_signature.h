#pragma once

#include <string>
#include <string_view>

namespace mensajero::security {

// Meta's X-Hub-Signature-256 (and the spec's X-Webhook-Signature): "sha256=<hex HMAC-SHA256
// of the raw body keyed with the app secret>". A bare 64-digit hex value is accepted too;
// hex digits may be upper or lower case. Constant-time. False for an empty secret.
bool verifyHubSignature(std::string_view app_secret, std::string_view raw_body,
                        std::string_view header_value);

// The header value Meta would send for this body: "sha256=<lowercase hex>".
std::string signHubSignature(std::string_view app_secret, std::string_view raw_body);

}  // namespace mensajero::security
