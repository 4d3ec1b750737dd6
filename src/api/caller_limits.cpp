#include "api/caller_limits.h"

#include <algorithm>
#include <string>

#include "api/error_response.h"

namespace mensajero::api {
namespace {

long long ceilSeconds(std::chrono::milliseconds duration) {
  return (duration.count() + 999) / 1000;
}

}  // namespace

CallerLimits::CallerLimits(int requests_per_second, int burst, const resilience::Clock& clock,
                           std::size_t max_keys)
    : requests_per_second_(requests_per_second),
      limiter_(std::chrono::microseconds(std::max(1, 1'000'000 / requests_per_second)), burst,
               clock, max_keys) {}

resilience::KeyedRateLimiter::Decision CallerLimits::admit(const Caller& caller) {
  return limiter_.check(caller.api_key_id);
}

http::Response CallerLimits::refusal(const resilience::KeyedRateLimiter::Decision& decision) const {
  Error error = makeError(ErrorCategory::RateLimited, "rate_limited",
                          "too many requests for this API key; retry after the Retry-After "
                          "seconds");
  error.retry_after_ms = decision.retry_after.count();
  http::Response response = errorResponse(error);
  annotate(response, decision);
  return response;
}

void CallerLimits::annotate(http::Response& response,
                            const resilience::KeyedRateLimiter::Decision& decision) const {
  const int limit = limiter_.limit();
  // The window in which `limit` requests are allowed from a full quota at the sustained rate.
  const long long window_s =
      std::max(1LL, ceilSeconds(std::chrono::milliseconds(1000LL * limit / requests_per_second_)));
  response.withHeader("RateLimit-Limit", std::to_string(limit));
  response.withHeader("RateLimit-Remaining", std::to_string(decision.remaining));
  response.withHeader("RateLimit-Reset", std::to_string(ceilSeconds(decision.reset_after)));
  response.withHeader("RateLimit-Policy", std::to_string(limit) + ";w=" + std::to_string(window_s));
}

}  // namespace mensajero::api
