#include "security/redact.h"

#include "security/crypto.h"

namespace mensajero::security {

std::string redactRecipient(std::string_view phone_or_id) {
  // The fixed prefix keeps these digests apart from any other SHA-256 of a phone number
  // (e.g. API key hashes), so one table cannot be joined against another.
  std::string input = "mensajero-log:";
  input.append(phone_or_id);
  return "rcpt:" + sha256Hex(input).substr(0, 12);
}

}  // namespace mensajero::security
