#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "http/message.h"

namespace mensajero::api {

// The Idempotency-Key request header (draft-ietf-httpapi-idempotency-key-header): nullopt
// when absent; Invalid when empty, longer than 255 characters or not printable ASCII. The
// draft's sf-string form ("...") and a bare token are both accepted; the quotes are not part
// of the key.
Result<std::optional<std::string>> idempotencyKeyOf(const http::Request& request);

// The fingerprint a key is bound to: SHA-256 of the body re-serialised with sorted keys, so
// the same request with its members reordered or re-spaced is the same request. `body` must
// come from dto::parseJsonObject: dump() recurses once per level, and only its depth bound
// (common/bounded_json.h) keeps that recursion short.
std::string requestFingerprint(const nlohmann::json& body);

}  // namespace mensajero::api
