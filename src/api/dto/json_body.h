#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero::api::dto {

// Parses a request body. Invalid "malformed_json" with the byte position of the fault, or
// "invalid_request" when the document is not a JSON object.
Result<nlohmann::json> parseJsonObject(std::string_view body);

}  // namespace mensajero::api::dto
