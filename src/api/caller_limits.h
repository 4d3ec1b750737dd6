#pragma once

#include <cstddef>

#include "api/authenticator.h"
#include "http/message.h"
#include "resilience/clock.h"
#include "resilience/keyed_rate_limiter.h"

namespace mensajero::api {

// The request quota of each API key: GCRA with `requests_per_second` sustained and bursts of
// `burst`. Over quota the answer is 429 with Retry-After. Every answer to an authenticated
// request carries the key's quota in RateLimit-Limit / -Remaining / -Reset (the header names
// of draft-ietf-httpapi-ratelimit-headers up to -06, which most clients read) and
// RateLimit-Policy. Thread-safe.
class CallerLimits {
 public:
  CallerLimits(int requests_per_second, int burst, const resilience::Clock& clock,
               std::size_t max_keys = 100'000);

  // Counts one request of the caller's API key, if within its quota.
  resilience::KeyedRateLimiter::Decision admit(const Caller& caller);
  // The 429 answer for a refused request.
  http::Response refusal(const resilience::KeyedRateLimiter::Decision& decision) const;
  // Adds the quota headers.
  void annotate(http::Response& response,
                const resilience::KeyedRateLimiter::Decision& decision) const;

 private:
  const int requests_per_second_;
  resilience::KeyedRateLimiter limiter_;
};

}  // namespace mensajero::api
