#include "api/error_response.h"

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
  if (response.status == 503) response.withHeader("Retry-After", "1");
  return response;
}

}  // namespace mensajero::api
