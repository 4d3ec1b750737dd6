#include "api/error_response.h"

#include <algorithm>
#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace mensajero::api {

unsigned httpStatusFor(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::Invalid:
      return 422;
    case ErrorCategory::NotFound:
      return 404;
    case ErrorCategory::Conflict:
      return 409;
    case ErrorCategory::Unauthorized:
      return 401;
    case ErrorCategory::Unavailable:
    case ErrorCategory::Retryable:
      return 503;
    case ErrorCategory::RateLimited:
      return 429;
    case ErrorCategory::Fallback:
    case ErrorCategory::Permanent:
      return 422;
    case ErrorCategory::Internal:
      return 500;
  }
  return 500;
}

std::optional<std::string> publicMessageFor(const Error& error) {
  const bool database = std::string_view(error.code).starts_with("db_");
  if (!database && error.category != ErrorCategory::Internal) {
    return std::nullopt;
  }
  switch (error.category) {
    case ErrorCategory::Unavailable:
    case ErrorCategory::Retryable:
      return "the database is unavailable; try again later";
    case ErrorCategory::Conflict:
      return "the database refused a conflicting change; try again";
    default:
      return "an internal error occurred";
  }
}

http::Response errorResponse(const Error& error) {
  const auto public_message = publicMessageFor(error);
  if (public_message) {
    // The detail (a driver's text naming hosts, ports, users or SQL) is for operators only.
    // Store and driver messages carry no PHI by contract (common/result.h).
    spdlog::warn("answering {} {}: {}", httpStatusFor(error.category), error.code, error.message);
  }
  auto response = http::Response::error(httpStatusFor(error.category), error.code,
                                        public_message.value_or(error.message), error.retryable());
  if (response.status == 503 || response.status == 429) {
    // Whole seconds, rounded up: retrying at the stated time must succeed.
    const long long seconds = error.retry_after_ms ? (*error.retry_after_ms + 999) / 1000 : 1;
    response.withHeader("Retry-After", std::to_string(std::max(seconds, 1LL)));
  }
  return response;
}

}  // namespace mensajero::api
