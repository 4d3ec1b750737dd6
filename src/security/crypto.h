#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Thin wrappers over OpenSSL. Thread-safe.
namespace mensajero::security {

std::string sha256Hex(std::string_view data);                            // lowercase hex
std::string hmacSha256Hex(std::string_view key, std::string_view data);  // lowercase hex
// Compares in time that depends only on the lengths (CRYPTO_memcmp), never on the contents.
bool constantTimeEquals(std::string_view a, std::string_view b);
// Cryptographically random bytes as lowercase hex (2 * bytes characters).
std::string randomHex(std::size_t bytes);
// A random (version 4) UUID, lowercase, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string newUuid();
bool isUuid(std::string_view text);
// Standard Base64 (RFC 4648 alphabet) with '=' padding.
std::string base64Encode(std::string_view bytes);
// HMAC-SHA1 of `data` keyed with `key`, Base64 with padding (Twilio's X-Twilio-Signature).
std::string hmacSha1Base64(std::string_view key, std::string_view data);

}  // namespace mensajero::security
