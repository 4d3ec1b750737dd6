#include "request_json.h"

#include "common/bounded_json.h"

namespace mensajero::provider_sim {

Result<nlohmann::json> parseObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  auto parsed = parseBoundedJson(body);
  if (!parsed) {
    return makeError(ErrorCategory::Invalid, "invalid_json", parsed.error().message);
  }
  if (!parsed->is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_json", "the body must be a JSON object");
  }
  return parsed;
}

Result<std::optional<std::string>> optionalString(const nlohmann::json& body,
                                                  const std::string& key) {
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return makeError(ErrorCategory::Invalid, "invalid_field", "'" + key + "' must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> requiredString(const nlohmann::json& body, const std::string& key) {
  Result<std::optional<std::string>> value = optionalString(body, key);
  if (!value.ok()) {
    return value.error();
  }
  if (!value.value() || value.value()->empty()) {
    return makeError(ErrorCategory::Invalid, "missing_field", "'" + key + "' is required");
  }
  return std::move(*value.value());
}

http::Response jsonResponse(const nlohmann::json& body, unsigned status) {
  return http::Response::json(status,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response errorResponse(const Error& error) {
  const unsigned status = error.category == ErrorCategory::Conflict ? 409 : 400;
  return http::Response::error(status, error.code, error.message);
}

}  // namespace mensajero::provider_sim
