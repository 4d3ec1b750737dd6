#include "api/idempotency_key.h"

#include <algorithm>

#include "security/crypto.h"

namespace mensajero::api {
namespace {

constexpr std::size_t kMaxKeyLength = 255;

Error invalidKey(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_idempotency_key", std::move(message));
}

}  // namespace

Result<std::optional<std::string>> idempotencyKeyOf(const http::Request& request) {
  const auto header = request.header("Idempotency-Key");
  if (!header) return std::optional<std::string>{};
  std::string_view key = *header;
  if (key.size() >= 2 && key.front() == '"' && key.back() == '"') {
    key = key.substr(1, key.size() - 2);
  }
  if (key.empty() || key.size() > kMaxKeyLength) {
    return invalidKey("Idempotency-Key must be 1 to 255 characters");
  }
  const bool printable = std::all_of(
      key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (!printable) {
    return invalidKey(
        "Idempotency-Key must be printable ASCII without spaces, quotes or "
        "backslashes");
  }
  return std::optional<std::string>{std::string(key)};
}

std::string requestFingerprint(const nlohmann::json& body) {
  // nlohmann::json objects keep their members sorted by key, so dump() is canonical. The
  // body's depth is bounded by its parse, so dump() recurses at most kMaxJsonDepth levels.
  return security::sha256Hex(body.dump());
}

}  // namespace mensajero::api
