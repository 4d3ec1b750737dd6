#include "api/dto/json_body.h"

#include <string>

namespace mensajero::api::dto {

Result<nlohmann::json> parseJsonObject(std::string_view body) {
  try {
    auto document = nlohmann::json::parse(body);
    if (!document.is_object()) {
      return makeError(ErrorCategory::Invalid, "invalid_request", "the body must be a JSON object");
    }
    return document;
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() repeats the position; our own message keeps the shape stable for clients.
    return makeError(ErrorCategory::Invalid, "malformed_json",
                     "malformed JSON at byte " + std::to_string(e.byte));
  }
}

}  // namespace mensajero::api::dto
