#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero::api::dto {

// Parses a request body within the bounds of parseBoundedJson. Invalid "malformed_json" with
// the byte position of the fault, "json_too_deep" or "number_out_of_range" (see
// common/bounded_json.h), or "invalid_request" when the document is not a JSON object.
Result<nlohmann::json> parseJsonObject(std::string_view body);

}  // namespace mensajero::api::dto
