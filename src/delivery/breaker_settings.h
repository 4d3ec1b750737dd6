#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "common/result.h"
#include "resilience/circuit_breaker.h"

namespace mensajero::delivery {

// The names of the spec's five breaker settings (architecture.md A.2) as the configuration
// spells them, globally under delivery.circuit_breaker and per channel instance under
// provider_config.circuit_breaker: failure_threshold, recovery_timeout_ms,
// monitoring_window_ms, half_open_max_calls, emergency_shutdown_threshold.

// Why `config` cannot run a breaker: "<setting>: <reason>"; nullopt when it can. Every
// setting must be a positive integer, and emergency_shutdown_threshold at least
// failure_threshold (a breaker that shuts down before it ever opens would skip recovery).
std::optional<std::string> breakerSettingsProblem(const resilience::CircuitBreakerConfig& config);

// `base` with the settings a channel instance's provider_config overrides in its
// "circuit_breaker" object (absent: `base` unchanged). Invalid, with a message naming the
// setting as "circuit_breaker.<setting>: <reason>", for a value that is not a positive
// integer, an unknown setting, a circuit_breaker that is not an object, or a result
// breakerSettingsProblem() refuses.
Result<resilience::CircuitBreakerConfig> breakerSettingsFromJson(
    const resilience::CircuitBreakerConfig& base, const nlohmann::json& provider_config);
// The same from provider_config's JSON text; Invalid when it does not parse as an object.
Result<resilience::CircuitBreakerConfig> breakerSettingsFor(
    const resilience::CircuitBreakerConfig& base, std::string_view provider_config_json);

}  // namespace mensajero::delivery
