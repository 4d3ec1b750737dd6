#include "failure_control.h"

namespace mensajero::provider_sim {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_control", std::move(message));
}

// The non-negative integer fields, by name; null for any other name.
std::int64_t* countField(FailureControl& c, const std::string& key) {
  if (key == "latency_ms") {
    return &c.latency_ms;
  }
  if (key == "fail_next") {
    return &c.fail_next;
  }
  if (key == "hang_next") {
    return &c.hang_next;
  }
  if (key == "hang_ms") {
    return &c.hang_ms;
  }
  if (key == "retry_after_s") {
    return &c.retry_after_s;
  }
  return nullptr;
}

Status applyField(FailureControl& c, const std::string& key, const nlohmann::json& v) {
  const std::string bad = "field '" + key + "' has a wrong type or value";
  if (std::int64_t* field = countField(c, key)) {
    if (v.is_null() && key == "retry_after_s") {
      c.retry_after_s = 0;
      return {};
    }
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0) {
      return invalid(bad);
    }
    *field = v.get<std::int64_t>();
  } else if (key == "failure_rate") {
    if (!v.is_number() || v.get<double>() < 0.0 || v.get<double>() > 1.0) {
      return invalid(bad);
    }
    c.failure_rate = v.get<double>();
  } else if (key == "error_code") {
    if (!v.is_number_integer()) {
      return invalid(bad);
    }
    c.error_code = v.get<int>();
  } else if (key == "http_status") {
    if (!v.is_number_integer() || v.get<int>() < 400 || v.get<int>() > 599) {
      return invalid("field 'http_status' must be 400..599");
    }
    c.http_status = v.get<unsigned>();
  } else if (key == "error_message" || key == "error_type") {
    if (!v.is_string()) {
      return invalid(bad);
    }
    (key == "error_message" ? c.error_message : c.error_type) = v.get<std::string>();
  } else if (key == "hang_then_accept" || key == "down") {
    if (!v.is_boolean()) {
      return invalid(bad);
    }
    (key == "down" ? c.down : c.hang_then_accept) = v.get<bool>();
  } else if (key == "seed") {
    if (!v.is_number_unsigned()) {
      return invalid(bad);
    }
    c.seed = v.get<std::uint64_t>();
  } else {
    return invalid("unknown field '" + key + "'");
  }
  return {};
}

}  // namespace

nlohmann::json FailureControl::toJson() const {
  return {
      {"latency_ms", latency_ms},
      {"fail_next", fail_next},
      {"failure_rate", failure_rate},
      {"error_code", error_code},
      {"http_status", http_status},
      {"error_message", effectiveErrorMessage()},
      {"error_type", error_type},
      {"retry_after_s", retry_after_s},
      {"hang_next", hang_next},
      {"hang_ms", hang_ms},
      {"hang_then_accept", hang_then_accept},
      {"down", down},
      {"seed", seed},
  };
}

std::string FailureControl::effectiveErrorMessage() const {
  if (!error_message.empty()) {
    return error_message;
  }
  return "(#" + std::to_string(error_code) + ") Simulated provider error";
}

Status mergeFailureControl(FailureControl& control, const nlohmann::json& patch) {
  if (!patch.is_object()) {
    return invalid("the body must be a JSON object");
  }
  FailureControl next = control;
  for (const auto& [key, value] : patch.items()) {
    Status applied = applyField(next, key, value);
    if (!applied.ok()) {
      return applied;
    }
  }
  control = std::move(next);
  return {};
}

}  // namespace mensajero::provider_sim
