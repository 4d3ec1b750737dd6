#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace mensajero::provider_sim {

// The failure-injection knobs of the Graph API routes, as set through POST /_sim/control.
// A plain value; SimState guards it.
struct FailureControl {
  std::int64_t latency_ms = 0;  // added before every Graph API answer
  std::int64_t fail_next = 0;   // the next N authorised calls answer the injected error
  double failure_rate = 0.0;    // 0..1: that share of authorised calls fails the same way
  int error_code = 131000;      // Meta error code of injected failures
  unsigned http_status = 500;   // HTTP status of injected failures
  std::string error_message;    // empty: "(#<code>) Simulated provider error"
  std::string error_type = "OAuthException";
  std::int64_t retry_after_s = 0;  // > 0: injected failures carry Retry-After
  std::int64_t hang_next = 0;      // the next N calls answer only after hang_ms
  std::int64_t hang_ms = 60'000;
  // false: a hung call finally answers 504 (Meta code 2) and is not recorded.
  // true: after the hang it is processed like any other call (may be accepted), which
  // plays the "timed out on our side but Meta sent it" case.
  bool hang_then_accept = false;
  // true: every Graph API call has its connection dropped without an answer, as when the
  // provider is down; the call is not recorded.
  bool down = false;
  std::uint64_t seed = 42;  // seeds the failure_rate RNG; setting it reseeds

  nlohmann::json toJson() const;
  // The message injected failures carry.
  std::string effectiveErrorMessage() const;
};

// Applies the fields present in `patch` to `control`. Unknown fields, wrong types and
// out-of-range values are Invalid errors and leave `control` unchanged.
Status mergeFailureControl(FailureControl& control, const nlohmann::json& patch);

}  // namespace mensajero::provider_sim
