#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "monitoring/alert_rule.h"
#include "notify/notifier_settings.h"
#include "resilience/circuit_breaker.h"

namespace mensajero::app {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  int io_threads = 2;
  int blocking_threads = 16;
  std::size_t body_limit_bytes = 1 << 20;          // API routes
  std::size_t webhook_body_limit_bytes = 4 << 20;  // Meta batches reach 3 MB
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;
  // Above delivery.send_wait_ms, so a send waiting for its first attempt still gets its answer.
  int shutdown_grace_ms = 15'000;
  // Open connections beyond this evict the longest-idle one.
  std::size_t max_connections = 1024;
  // Bytes held at once for bodies whose sender is not yet proven (webhooks) -> 503 past it.
  std::size_t unauthenticated_body_budget_bytes = std::size_t{64} << 20;
  // The gateway's URL as providers call it ("https://gw.example.org", no path), for providers
  // that sign the URL of a webhook; empty: "http://" and the request's Host header.
  std::string public_base_url;
};

struct StorageConfig {
  // "sqlite:<path>" (relative paths are relative to the working directory) or, from the
  // next issue on, "postgresql://...".
  std::string url = "sqlite:var/mensajero.db";
  int busy_timeout_ms = 5'000;
  int read_connections = 4;
};

// The spec's CircuitBreakerConfig (architecture.md A.2), as written there by default. Applies
// to every channel instance; an instance's provider_config.circuit_breaker may override any
// of these (same names). Validated at load: all positive, emergency >= failure threshold.
struct CircuitBreakerSettings {
  int failure_threshold = 5;              // failures within the window that open the breaker
  int recovery_timeout_ms = 30'000;       // open this long before half-open trials
  int monitoring_window_ms = 60'000;      // the window failures are counted in
  int half_open_max_calls = 3;            // trials; all must succeed to close
  int emergency_shutdown_threshold = 50;  // failures without recovery that shut it down
};

struct DeliveryConfig {
  int workers = 8;              // threads calling providers
  int send_wait_ms = 10'000;    // how long POST /messages/send waits for the first attempt
  int lease_ms = 30'000;        // a claimed message returns to the queue after this
  int poll_interval_ms = 200;   // how often due messages are looked for
  int max_attempts = 8;         // provider attempts before a retryable failure is final
  int backoff_base_ms = 1'000;  // full jitter: U(0, min(cap, base * 2^(attempt-1)))
  int backoff_cap_ms = 300'000;
  CircuitBreakerSettings circuit_breaker;
};

// Rate limits and bounds that protect the providers and the gateway itself.
struct LimitsConfig {
  int api_requests_per_second = 100;  // per API key, over all API routes (429 beyond)
  int api_burst = 200;
  // Unset: the default of each channel instance's provider (channels/provider.h).
  std::optional<int> channel_messages_per_second;  // per channel instance
  std::optional<int> channel_burst;
  std::optional<int> pair_interval_ms;  // per recipient: one message per interval...
  std::optional<int> pair_burst;        // ...with bursts of this many borrowed from future quota
  int max_backlog = 100'000;            // per organization: pending outbound messages beyond which
                                        // its sends answer 503
  // Requests of one organization holding a blocking thread at once (429 beyond); 0: half of
  // server.blocking_threads.
  int max_concurrent_per_organization = 0;
  int max_schedule_ahead_days = 30;  // a later scheduledAt answers 422 scheduled_too_far
  // Failed authentications per source address within a minute before the source is blocked
  // (429 too_many_failed_authentications) for auth_block_ms.
  int auth_failures_per_minute = 10;
  int auth_block_ms = 60'000;
};

struct WebhookConfig {
  int batch_size = 500;          // stored webhooks processed per transaction
  int event_retention_days = 8;  // processed event ids kept for dedup (Meta retries 7 days)
};

// WhatsApp rules the gateway applies before a provider would.
struct WhatsAppConfig {
  // Free-form messages (text, media, interactive) go out on WhatsApp only inside the 24-hour
  // customer-service window (core/service_window.h). Off only against a provider that does not
  // enforce it (the sandbox's simulator).
  bool enforce_service_window = true;
};

// Media files (issue 11): uploads and inbound media kept in the database as patient data.
struct MediaConfig {
  // Largest POST /api/v2/media body; refused with 413 before it is read whole. Meta's limits
  // per type are below or above it (core/media/media_limits.h); the smaller one applies.
  std::size_t max_upload_bytes = 16 << 20;
  // Media bytes older than this are deleted hourly (the metadata stays).
  int retention_days = 90;
};

// Health reporting and sampling (issue 12, docs/monitoring/health.md).
struct HealthConfig {
  // Each channel instance's provider probe (whatsapp_api, circuit_breaker) is made at most once
  // per this interval, however often health is asked.
  int whatsapp_check_interval_seconds = 30;
  // system_health_metrics gets a sample of every service this often.
  int sample_interval_seconds = 60;
  // Samples older than this are deleted.
  int retention_days = 30;
};

// GET /metrics (issue 12): the Prometheus exposition.
struct MetricsConfig {
  // When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise); unset, the
  // endpoint is open (put it behind the network's own controls).
  std::string token;
  // How often the store-derived gauges (outbox depth, oldest due age, webhook backlog) are
  // read; a scrape serves the last values and never waits on the database.
  int refresh_interval_ms = 5'000;
};

struct LoggingConfig {
  std::string level = "info";  // trace | debug | info | warn | error | off
};

// A channel instance declared in the config file; created or updated at start.
struct ChannelSeed {
  std::string type = "whatsapp";
  std::string provider = "meta";
  // provider_config as JSON text: phone_number_id, access_token, app_secret, verify_token,
  // base_url, api_version, timeout_ms (see docs/configuration.md).
  std::string provider_config_json = "{}";
};

struct OrganizationSeed {
  std::optional<std::string> id;  // a UUID; when absent the organization is matched by name
  std::string name;
  std::string default_region = "US";
  std::vector<ChannelSeed> channels;
  // The channels a message falls back to, in order, when its send request carries no
  // options.fallbackChannels (core/channel_plan.h). Empty: WhatsApp only.
  std::vector<std::string> default_fallback_channels;
  // The language a template send uses when the requested one does not exist, or names none
  // (core::SendService::setDefaultLanguages).
  std::string default_language = "es";
};

// How alert rules are evaluated (issue 12, docs/monitoring/alerting.md). The rules themselves
// are Config::alerts.
struct AlertingConfig {
  int evaluation_interval_seconds = 15;
  int repeat_interval_minutes = 60;  // a firing alert is sent again this often; 0: never
  // The evaluation lease in the database: one instance evaluates and notifies, and another
  // takes over this long after it stops renewing. Longer than the evaluation interval.
  int lease_seconds = 30;
};

struct Config {
  ServerConfig server;
  StorageConfig storage;
  DeliveryConfig delivery;
  LimitsConfig limits;
  WebhookConfig webhooks;
  LoggingConfig logging;
  WhatsAppConfig whatsapp;
  MediaConfig media;
  std::vector<OrganizationSeed> organizations;
  // Issue 12: where alerts are sent (notifiers:), app/config_notifiers.cpp.
  notify::NotifiersSettings notifiers;
  // The spec's `alerts` list; without the key the spec's four rules, `alerts: []` none.
  std::vector<monitoring::AlertRule> alerts = monitoring::defaultAlertRules();
  AlertingConfig alerting;
  HealthConfig health;
  MetricsConfig metrics;
};

// A configuration problem, naming the offending key ("server.port").
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string key, const std::string& message)
      : std::runtime_error(key + ": " + message), key_(std::move(key)) {}
  const std::string& key() const { return key_; }

 private:
  std::string key_;
};

// Reads the YAML file (when given), then applies MENSAJERO_* overrides from `environment`
// (e.g. MENSAJERO_SERVER_PORT=9090 -> server.port), then validates. String values in the
// file may reference environment variables as ${NAME}. Throws ConfigError.
Config loadConfig(const std::optional<std::string>& path,
                  const std::map<std::string, std::string>& environment);

// The breaker settings as the resilience module takes them.
resilience::CircuitBreakerConfig breakerConfig(const CircuitBreakerSettings& settings);

// The process environment as a map, for loadConfig.
std::map<std::string, std::string> processEnvironment();

}  // namespace mensajero::app
