#include "delivery/breaker_settings.h"

#include <chrono>
#include <cstdint>
#include <limits>

#include <nlohmann/json.hpp>

namespace mensajero::delivery {
namespace {

Error invalid(const std::string& setting, const std::string& reason) {
  return makeError(ErrorCategory::Invalid, "invalid_circuit_breaker",
                   "circuit_breaker." + setting + ": " + reason);
}

// A JSON integer in [1, INT_MAX], or nullopt.
std::optional<int> positiveInt(const nlohmann::json& value) {
  if (!value.is_number_integer()) return std::nullopt;
  if (value.is_number_unsigned()) {
    const auto v = value.get<std::uint64_t>();
    if (v < 1 || v > static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
      return std::nullopt;
    }
    return static_cast<int>(v);
  }
  const auto v = value.get<std::int64_t>();
  if (v < 1 || v > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(v);
}

// Applies one setting; false for an unknown name.
bool apply(resilience::CircuitBreakerConfig& config, const std::string& name, int value) {
  if (name == "failure_threshold") {
    config.failure_threshold = value;
  } else if (name == "recovery_timeout_ms") {
    config.recovery_timeout = std::chrono::milliseconds(value);
  } else if (name == "monitoring_window_ms") {
    config.monitoring_window = std::chrono::milliseconds(value);
  } else if (name == "half_open_max_calls") {
    config.half_open_max_calls = value;
  } else if (name == "emergency_shutdown_threshold") {
    config.emergency_shutdown_threshold = value;
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> breakerSettingsProblem(const resilience::CircuitBreakerConfig& config) {
  if (config.failure_threshold < 1) return "failure_threshold: must be at least 1";
  if (config.recovery_timeout.count() < 1) return "recovery_timeout_ms: must be at least 1";
  if (config.monitoring_window.count() < 1) return "monitoring_window_ms: must be at least 1";
  if (config.half_open_max_calls < 1) return "half_open_max_calls: must be at least 1";
  if (config.emergency_shutdown_threshold < config.failure_threshold) {
    return "emergency_shutdown_threshold: must be at least failure_threshold (" +
           std::to_string(config.failure_threshold) + "), got " +
           std::to_string(config.emergency_shutdown_threshold);
  }
  return std::nullopt;
}

Result<resilience::CircuitBreakerConfig> breakerSettingsFromJson(
    const resilience::CircuitBreakerConfig& base, const nlohmann::json& provider_config) {
  resilience::CircuitBreakerConfig config = base;
  const auto overrides = provider_config.find("circuit_breaker");
  if (overrides == provider_config.end() || overrides->is_null()) return config;
  if (!overrides->is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_circuit_breaker",
                     "circuit_breaker: expected a mapping of settings");
  }
  for (const auto& [name, value] : overrides->items()) {
    const std::optional<int> number = positiveInt(value);
    if (!number) return invalid(name, "expected a positive integer");
    if (!apply(config, name, *number)) return invalid(name, "unknown setting");
  }
  if (auto problem = breakerSettingsProblem(config)) {
    return makeError(ErrorCategory::Invalid, "invalid_circuit_breaker",
                     "circuit_breaker." + *problem);
  }
  return config;
}

Result<resilience::CircuitBreakerConfig> breakerSettingsFor(
    const resilience::CircuitBreakerConfig& base, std::string_view provider_config_json) {
  // provider_config comes from the operator's configuration, through the store.
  const nlohmann::json parsed = nlohmann::json::parse(provider_config_json, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_provider_config",
                     "provider_config is not a JSON object");
  }
  return breakerSettingsFromJson(base, parsed);
}

}  // namespace mensajero::delivery
