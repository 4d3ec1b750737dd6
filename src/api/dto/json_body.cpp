#include "api/dto/json_body.h"

#include "common/bounded_json.h"

namespace mensajero::api::dto {

Result<nlohmann::json> parseJsonObject(std::string_view body) {
  auto document = parseBoundedJson(body);
  if (!document) {
    return document.error();
  }
  if (!document->is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_request", "the body must be a JSON object");
  }
  return document;
}

}  // namespace mensajero::api::dto
