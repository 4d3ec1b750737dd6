#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace mensajero::monitoring {

// The quantities an alert rule's condition may name (the spec's four).
enum class AlertMetric {
  ErrorRate,            // share of HTTP requests answered 5xx, a ratio 0..1
  CircuitBreakerState,  // worst breaker state, 0 CLOSED, 1 HALF_OPEN, 2 OPEN
  WebhookResponseTime,  // average time to answer a webhook POST, in milliseconds
  MessageDeliveryRate,  // delivered / (delivered + failed), a ratio 0..1
};

enum class Comparison { Greater, GreaterOrEqual, Less, LessOrEqual, Equal, NotEqual };

// "error_rate", ">=", ...: the spellings of the grammar.
std::string_view toString(AlertMetric metric);
std::string_view toString(Comparison comparison);

// Breaker states as circuit_breaker_state's values (the metrics gauge's numbering). A breaker
// shut down (emergency) reads as OPEN: it is open and will not recover by itself.
inline constexpr double kBreakerClosed = 0;
inline constexpr double kBreakerHalfOpen = 1;
inline constexpr double kBreakerOpen = 2;

// One parsed condition, e.g. "webhook_response_time > 2000ms for 3 minutes".
struct AlertCondition {
  AlertMetric metric = AlertMetric::ErrorRate;
  Comparison comparison = Comparison::Greater;
  // In the metric's unit: a ratio for percentages (5% -> 0.05), milliseconds for times, a
  // breaker state code for circuit_breaker_state.
  double threshold = 0;
  std::string value_text;   // the value as written, normalised: "5%", "2000ms", "'OPEN'"
  std::int64_t for_ms = 0;  // how long it must hold before firing; 0 = at once
  std::string for_text;     // "5 minutes", empty without `for`
};

// Why a condition did not parse: `position` is the 1-based byte offset where the problem is.
struct ConditionError {
  std::size_t position = 1;
  std::string message;  // names only grammar words and bounded, printable excerpts
};

inline constexpr std::size_t kMaxConditionLength = 256;
inline constexpr std::int64_t kMaxForMs = 24LL * 3600 * 1000;     // a day
inline constexpr double kMaxResponseTimeMs = 24.0 * 3600 * 1000;  // a day

// Parses `<metric> <op> <value>[unit] [for <n> <unit>]`:
//   metric  error_rate | circuit_breaker_state | webhook_response_time | message_delivery_rate
//   op      > >= < <= = !=
//   value   a number with % (error_rate, message_delivery_rate), with ms or s
//           (webhook_response_time), or a quoted 'OPEN' | 'HALF_OPEN' | 'CLOSED'
//           (circuit_breaker_state, = and != only)
//   for     n second(s) | minute(s) | hour(s), n >= 1, at most a day
// Spaces and tabs separate tokens. Never throws; any input (any bytes, any length) gives a
// condition or an error.
std::variant<AlertCondition, ConditionError> parseAlertCondition(std::string_view text);

// Whether `value` (in the metric's unit) satisfies the comparison with the threshold.
bool conditionHolds(const AlertCondition& condition, double value);

}  // namespace mensajero::monitoring
