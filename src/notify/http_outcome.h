#pragma once

#include <string_view>

#include "common/result.h"
#include "transport/http_client.h"

namespace mensajero::notify {

// What an HTTP answer from a notification service means for the retry loop: 2xx is success;
// 408, 429 and 5xx are Retryable (with the Retry-After hint when given); any other status is
// Permanent (the URL, key or payload is wrong: retrying cannot help). Transport failures stay
// Retryable. The error message names the service and the status, plus at most a short, escaped
// prefix of the answer (never the request, which may hold a secret).
Status httpOutcome(std::string_view service, const Result<transport::HttpReply>& reply);

}  // namespace mensajero::notify
