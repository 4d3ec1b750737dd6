#include "api/error_response.h"

#include <algorithm>
#include <string>

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

http::Response errorResponse(const Error& error) {
  auto response = http::Response::error(httpStatusFor(error.category), error.code, error.message,
                                        error.retryable());
  if (response.status == 503 || response.status == 429) {
    // Whole seconds, rounded up: retrying at the stated time must succeed.
    const long long seconds = error.retry_after_ms ? (*error.retry_after_ms + 999) / 1000 : 1;
    response.withHeader("Retry-After", std::to_string(std::max(seconds, 1LL)));
  }
  return response;
}

}  // namespace mensajero::api
