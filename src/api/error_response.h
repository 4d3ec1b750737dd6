#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "http/message.h"

namespace mensajero::api {

// The HTTP status for each error category, and the spec's error body. 503 and 429 carry
// Retry-After (the error's retry_after_ms, else 1 s) so clients and load balancers back off
// instead of hammering.
unsigned httpStatusFor(ErrorCategory category);

// The fixed message clients see in place of error.message for database ("db_*") and Internal
// errors, whose text comes from a driver or a bug and may name hosts, ports, users or SQL;
// nullopt when error.message is meant for clients.
std::optional<std::string> publicMessageFor(const Error& error);

// The error as a response, with publicMessageFor's message when there is one (the detail is
// then logged at warn level).
http::Response errorResponse(const Error& error);

}  // namespace mensajero::api
