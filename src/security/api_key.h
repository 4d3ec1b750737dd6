#pragma once

#include <string>
#include <string_view>

namespace mensajero::security {

struct IssuedApiKey {
  std::string token;  // shown once to the operator: "mj_" + 64 hex digits
  std::string hash;   // what is stored: sha256Hex(token)
};

IssuedApiKey issueApiKey();
std::string hashApiKey(std::string_view token);
// Extracts the token of "Bearer <token>" (scheme case-insensitive); empty when malformed.
std::string_view bearerToken(std::string_view authorization_header);

}  // namespace mensajero::security
