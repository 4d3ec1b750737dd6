#include "security/webhook_signature.h"

#include <cctype>

#include "security/crypto.h"

namespace mensajero::security {
namespace {

constexpr std::string_view kPrefix = "sha256=";
constexpr std::size_t kHexLength = 64;

// Lower-cases a 64-digit hex MAC; empty when the value is not exactly that, so that garbage
// never reaches the comparison.
std::string normalizedHex(std::string_view value) {
  if (value.size() != kHexLength) {
    return {};
  }
  std::string out(value);
  for (char& c : out) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return {};
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

bool verifyHubSignature(std::string_view app_secret, std::string_view raw_body,
                        std::string_view header_value) {
  // An empty secret would make every sender able to forge the MAC.
  if (app_secret.empty()) {
    return false;
  }
  if (header_value.substr(0, kPrefix.size()) == kPrefix) {
    header_value.remove_prefix(kPrefix.size());
  }
  const std::string presented = normalizedHex(header_value);
  if (presented.empty()) {
    return false;
  }
  return constantTimeEquals(hmacSha256Hex(app_secret, raw_body), presented);
}

std::string signHubSignature(std::string_view app_secret, std::string_view raw_body) {
  return std::string(kPrefix) + hmacSha256Hex(app_secret, raw_body);
}

}  // namespace mensajero::security
