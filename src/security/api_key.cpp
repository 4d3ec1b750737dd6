#include "security/api_key.h"

#include <cctype>

#include "security/crypto.h"

namespace mensajero::security {
namespace {

constexpr std::string_view kTokenPrefix = "mj_";
constexpr std::size_t kTokenRandomBytes = 32;  // 64 hex digits, 256 bits

bool isSpace(char c) { return c == ' ' || c == '\t'; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

IssuedApiKey issueApiKey() {
  IssuedApiKey key;
  key.token = std::string(kTokenPrefix) + randomHex(kTokenRandomBytes);
  key.hash = hashApiKey(key.token);
  return key;
}

// A plain SHA-256 is enough: the token carries 256 random bits, so there is nothing for a
// slow password hash to protect against, and lookups stay cheap on every request.
std::string hashApiKey(std::string_view token) { return sha256Hex(token); }

std::string_view bearerToken(std::string_view authorization_header) {
  constexpr std::string_view kScheme = "bearer";
  std::string_view rest = authorization_header;
  while (!rest.empty() && isSpace(rest.front())) {
    rest.remove_prefix(1);
  }
  while (!rest.empty() && isSpace(rest.back())) {
    rest.remove_suffix(1);
  }
  if (rest.size() <= kScheme.size() || !equalsIgnoreCase(rest.substr(0, kScheme.size()), kScheme) ||
      !isSpace(rest[kScheme.size()])) {
    return {};
  }
  rest.remove_prefix(kScheme.size());
  while (!rest.empty() && isSpace(rest.front())) {
    rest.remove_prefix(1);
  }
  // A token never contains whitespace; "Bearer a b" is malformed, not the token "a b".
  for (char c : rest) {
    if (isSpace(c)) {
      return {};
    }
  }
  return rest;
}

}  // namespace mensajero::security
