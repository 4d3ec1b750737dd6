#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "http/message.h"

// Small helpers for the JSON bodies of the control API.
namespace mensajero::provider_sim {

// The body as a JSON object; an empty body is {}. Invalid error otherwise.
Result<nlohmann::json> parseObject(std::string_view body);

// body[key] as a string: nullopt when absent or null, Invalid error when another type.
Result<std::optional<std::string>> optionalString(const nlohmann::json& body,
                                                  const std::string& key);
// body[key] as a non-empty string; Invalid error otherwise.
Result<std::string> requiredString(const nlohmann::json& body, const std::string& key);

// 200 with the JSON text of `body`.
http::Response jsonResponse(const nlohmann::json& body, unsigned status = 200);
// The project's error shape, 400 for Invalid errors and 409 for Conflict.
http::Response errorResponse(const Error& error);

}  // namespace mensajero::provider_sim
