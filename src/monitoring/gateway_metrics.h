#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "monitoring/metrics_registry.h"

// The gateway's metric families (docs/monitoring/metrics.md), registered in defaultRegistry()
// on first use. app calls gatewayMetrics() at start so every family is exposed (HELP and TYPE)
// before its first event. Label values are bounded: route patterns, methods, provider names,
// channel types, enum texts and channel instance ids; never message ids, phone numbers or
// organization names.
namespace mensajero::monitoring {

struct GatewayMetrics {
  // HTTP (recorded by the server's on_complete)
  CounterFamily& http_requests;       // route, method, status_class
  HistogramFamily& http_duration;     // route, method
  HistogramFamily& webhook_response;  // provider
  CounterFamily& http_rate_limited;   // route: 429 answers (quotas, concurrency, blocked sources)
  // Webhooks
  CounterFamily& webhooks_received;            // provider
  CounterFamily& webhooks_verified;            // provider
  CounterFamily& webhooks_rejected;            // provider, reason
  CounterFamily& webhooks_duplicate;           // provider
  CounterFamily& webhooks_stored;              // provider
  CounterFamily& webhooks_processed;           // provider, result
  HistogramFamily& webhook_ingest_to_applied;  // provider
  // Messages and delivery
  CounterFamily& messages;              // channel_type, provider, status
  CounterFamily& attempts;              // channel_type, provider, outcome
  CounterFamily& fallbacks;             // from_channel_type, to_channel_type
  CounterFamily& breaker_transitions;   // instance_id, channel_type, provider, to_state
  CounterFamily& rate_limit_deferrals;  // reason
  // Database
  HistogramFamily& db_call_duration;  // backend, kind
  CounterFamily& db_call_errors;      // backend, kind
};

GatewayMetrics& gatewayMetrics();

// "2xx".."5xx" ("1xx" too); "other" outside 100..599.
std::string statusClass(unsigned status);

// What a channel instance's series are labelled with.
struct InstanceLabels {
  std::string channel_type = "unknown";
  std::string provider = "unknown";
};

// instance id -> labels, refreshed by app from the store (instances are the deployment's own,
// so their number is bounded by its configuration). Thread-safe; a lookup is a short critical
// section. An unknown id reads "unknown".
void setInstanceLabels(std::string instance_id, InstanceLabels labels);
InstanceLabels instanceLabels(std::string_view instance_id);

// One database call's series, looked up once by the caller (static) so the hot path is an
// atomic add or two: backend "sqlite" | "postgres", kind "read" | "write" | "snapshot".
struct DbCallMetrics {
  Histogram& duration;
  Counter& errors;
};
DbCallMetrics dbCallMetrics(std::string_view backend, std::string_view kind);
void recordDbCall(const DbCallMetrics& metrics, std::int64_t steady_start_micros, bool ok);

// Seconds since `start` on a steady clock, for histograms.
double secondsSince(std::int64_t steady_start_micros);
std::int64_t steadyMicros();

}  // namespace mensajero::monitoring
