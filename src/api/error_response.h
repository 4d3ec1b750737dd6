#pragma once

#include "common/result.h"
#include "http/message.h"

namespace mensajero::api {

// The HTTP status for each error category, and the spec's error body. 503 and 429 carry
// Retry-After (the error's retry_after_ms, else 1 s) so clients and load balancers back off
// instead of hammering.
unsigned httpStatusFor(ErrorCategory category);
http::Response errorResponse(const Error& error);

}  // namespace mensajero::api
