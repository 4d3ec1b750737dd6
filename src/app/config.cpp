#include "app/config.h"

#include <array>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <yaml-cpp/yaml.h>

#include "app/config_alert_rules.h"
#include "app/config_notifiers.h"
#include "app/config_organizations.h"
#include "app/config_yaml.h"
#include "delivery/breaker_settings.h"

// POSIX: the application declares environ itself.
extern char** environ;

namespace mensajero::app {
namespace {

using detail::Environment;

// Why a scalar value was rejected. The caller adds the key and, for an environment
// override, the variable it came from.
class InvalidValue : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

std::int64_t parseInRange(const std::string& text, std::int64_t min, std::int64_t max) {
  std::optional<std::int64_t> value = detail::parseInteger(text);
  if (!value) {
    throw InvalidValue("expected an integer, got '" + text + "'");
  }
  if (*value < min) {
    throw InvalidValue("must be at least " + std::to_string(min) + ", got " + text);
  }
  if (*value > max) {
    throw InvalidValue("must be at most " + std::to_string(max) + ", got " + text);
  }
  return *value;
}

// kSection and kField are member pointers, e.g. &Config::server and &ServerConfig::port.
template <auto kSection, auto kField, std::int64_t kMin, std::int64_t kMax>
void applyInteger(Config& config, const std::string& text) {
  auto& field = (config.*kSection).*kField;
  field = static_cast<std::remove_reference_t<decltype(field)>>(parseInRange(text, kMin, kMax));
}

template <auto kSection, auto kField>
void applyBoolean(Config& config, const std::string& text) {
  if (text == "true" || text == "True" || text == "TRUE") {
    (config.*kSection).*kField = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    (config.*kSection).*kField = false;
  } else {
    throw InvalidValue("expected true or false, got '" + text + "'");
  }
}

template <auto kSection, auto kField, void (*kCheck)(const std::string&)>
void applyString(Config& config, const std::string& text) {
  kCheck(text);
  (config.*kSection).*kField = text;
}

constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
constexpr std::int64_t kSizeMax = std::numeric_limits<std::int64_t>::max();

template <auto kSection, auto kField>
constexpr auto applyPositive = applyInteger<kSection, kField, 1, kIntMax>;
template <auto kSection, auto kField>
constexpr auto applyThreads = applyInteger<kSection, kField, 1, 256>;
template <auto kSection, auto kField>
constexpr auto applySize = applyInteger<kSection, kField, 1, kSizeMax>;

void checkHost(const std::string& text) {
  if (text.empty()) {
    throw InvalidValue("must not be empty");
  }
}

// The URL may carry a database password, so it is never echoed.
void checkStorageUrl(const std::string& text) {
  for (std::string_view scheme : {"sqlite:", "postgresql://", "postgres://"}) {
    if (text.starts_with(scheme)) {
      if (text.size() == scheme.size()) {
        throw InvalidValue("nothing follows " + std::string(scheme));
      }
      return;
    }
  }
  throw InvalidValue("must start with sqlite:, postgresql:// or postgres://");
}

// Providers that sign a webhook's URL sign what they called, so only scheme://host[:port].
void checkPublicBaseUrl(const std::string& text) {
  if (text.empty()) return;
  if (!text.starts_with("http://") && !text.starts_with("https://")) {
    throw InvalidValue("must start with http:// or https://");
  }
  const std::size_t host = text.find("://") + 3;
  const std::size_t slash = text.find('/', host);
  if (host == text.size() || (slash != std::string::npos && slash + 1 != text.size())) {
    throw InvalidValue("expected scheme://host[:port] without a path");
  }
}

void checkLevel(const std::string& text) {
  for (std::string_view level : {"trace", "debug", "info", "warn", "error", "off"}) {
    if (text == level) {
      return;
    }
  }
  throw InvalidValue("expected one of trace, debug, info, warn, error, off, got '" + text + "'");
}

// A bearer token travels in a header: printable ASCII without spaces. Never echoed.
void checkMetricsToken(const std::string& text) {
  if (text.size() > 256) throw InvalidValue("must be at most 256 characters");
  for (const char c : text) {
    if (c <= ' ' || c > '~') throw InvalidValue("must be printable ASCII without spaces");
  }
}

// delivery.circuit_breaker.<kField>: a positive integer.
template <auto kField>
void applyBreakerSetting(Config& config, const std::string& text) {
  config.delivery.circuit_breaker.*kField = static_cast<int>(parseInRange(text, 1, kIntMax));
}

using Apply = void (*)(Config&, const std::string& text);

constexpr std::string_view kInteger = "an integer";
constexpr std::string_view kString = "a string";
constexpr std::string_view kBoolean = "true or false";

// Every scalar key with its variable, spelled out: names such as webhook_body_limit_bytes
// contain underscores, so the section/key split cannot be recovered from the variable name.
struct ScalarKey {
  std::string_view key;       // dotted, as in the file
  std::string_view env_name;  // MENSAJERO_<SECTION>_<KEY>
  std::string_view expected;  // for "expected X, got a mapping"
  Apply apply;                // parses, validates and stores; throws InvalidValue
};

using S = ServerConfig;
using St = StorageConfig;
using D = DeliveryConfig;
using W = WebhookConfig;
using L = LimitsConfig;
constexpr auto kLimits = &Config::limits;
constexpr auto kServer = &Config::server;
constexpr auto kStorage = &Config::storage;
constexpr auto kDelivery = &Config::delivery;
constexpr auto kWebhooks = &Config::webhooks;
constexpr auto kMedia = &Config::media;

constexpr ScalarKey kScalarKeys[] = {
    {"server.host", "MENSAJERO_SERVER_HOST", kString, applyString<kServer, &S::host, checkHost>},
    {"server.port", "MENSAJERO_SERVER_PORT", kInteger, applyInteger<kServer, &S::port, 0, 65535>},
    {"server.io_threads", "MENSAJERO_SERVER_IO_THREADS", kInteger,
     applyThreads<kServer, &S::io_threads>},
    {"server.blocking_threads", "MENSAJERO_SERVER_BLOCKING_THREADS", kInteger,
     applyThreads<kServer, &S::blocking_threads>},
    {"server.body_limit_bytes", "MENSAJERO_SERVER_BODY_LIMIT_BYTES", kInteger,
     applySize<kServer, &S::body_limit_bytes>},
    {"server.webhook_body_limit_bytes", "MENSAJERO_SERVER_WEBHOOK_BODY_LIMIT_BYTES", kInteger,
     applySize<kServer, &S::webhook_body_limit_bytes>},
    {"server.header_timeout_ms", "MENSAJERO_SERVER_HEADER_TIMEOUT_MS", kInteger,
     applyPositive<kServer, &S::header_timeout_ms>},
    {"server.body_timeout_ms", "MENSAJERO_SERVER_BODY_TIMEOUT_MS", kInteger,
     applyPositive<kServer, &S::body_timeout_ms>},
    {"server.idle_timeout_ms", "MENSAJERO_SERVER_IDLE_TIMEOUT_MS", kInteger,
     applyPositive<kServer, &S::idle_timeout_ms>},
    {"server.shutdown_grace_ms", "MENSAJERO_SERVER_SHUTDOWN_GRACE_MS", kInteger,
     applyPositive<kServer, &S::shutdown_grace_ms>},
    {"server.max_connections", "MENSAJERO_SERVER_MAX_CONNECTIONS", kInteger,
     applySize<kServer, &S::max_connections>},
    {"server.unauthenticated_body_budget_bytes",
     "MENSAJERO_SERVER_UNAUTHENTICATED_BODY_BUDGET_BYTES", kInteger,
     applySize<kServer, &S::unauthenticated_body_budget_bytes>},
    {"server.public_base_url", "MENSAJERO_SERVER_PUBLIC_BASE_URL", kString,
     applyString<kServer, &S::public_base_url, checkPublicBaseUrl>},
    {"storage.url", "MENSAJERO_STORAGE_URL", kString,
     applyString<kStorage, &St::url, checkStorageUrl>},
    {"storage.busy_timeout_ms", "MENSAJERO_STORAGE_BUSY_TIMEOUT_MS", kInteger,
     applyPositive<kStorage, &St::busy_timeout_ms>},
    {"storage.read_connections", "MENSAJERO_STORAGE_READ_CONNECTIONS", kInteger,
     applyThreads<kStorage, &St::read_connections>},
    {"delivery.workers", "MENSAJERO_DELIVERY_WORKERS", kInteger,
     applyThreads<kDelivery, &D::workers>},
    {"delivery.send_wait_ms", "MENSAJERO_DELIVERY_SEND_WAIT_MS", kInteger,
     applyPositive<kDelivery, &D::send_wait_ms>},
    {"delivery.lease_ms", "MENSAJERO_DELIVERY_LEASE_MS", kInteger,
     applyPositive<kDelivery, &D::lease_ms>},
    {"delivery.poll_interval_ms", "MENSAJERO_DELIVERY_POLL_INTERVAL_MS", kInteger,
     applyPositive<kDelivery, &D::poll_interval_ms>},
    {"delivery.max_attempts", "MENSAJERO_DELIVERY_MAX_ATTEMPTS", kInteger,
     applyPositive<kDelivery, &D::max_attempts>},
    {"delivery.backoff_base_ms", "MENSAJERO_DELIVERY_BACKOFF_BASE_MS", kInteger,
     applyPositive<kDelivery, &D::backoff_base_ms>},
    {"delivery.backoff_cap_ms", "MENSAJERO_DELIVERY_BACKOFF_CAP_MS", kInteger,
     applyPositive<kDelivery, &D::backoff_cap_ms>},
    {"limits.api_requests_per_second", "MENSAJERO_LIMITS_API_REQUESTS_PER_SECOND", kInteger,
     applyPositive<kLimits, &L::api_requests_per_second>},
    {"limits.api_burst", "MENSAJERO_LIMITS_API_BURST", kInteger,
     applyPositive<kLimits, &L::api_burst>},
    {"limits.channel_messages_per_second", "MENSAJERO_LIMITS_CHANNEL_MESSAGES_PER_SECOND", kInteger,
     applyPositive<kLimits, &L::channel_messages_per_second>},
    {"limits.channel_burst", "MENSAJERO_LIMITS_CHANNEL_BURST", kInteger,
     applyPositive<kLimits, &L::channel_burst>},
    {"limits.pair_interval_ms", "MENSAJERO_LIMITS_PAIR_INTERVAL_MS", kInteger,
     applyPositive<kLimits, &L::pair_interval_ms>},
    {"limits.pair_burst", "MENSAJERO_LIMITS_PAIR_BURST", kInteger,
     applyPositive<kLimits, &L::pair_burst>},
    {"limits.max_backlog", "MENSAJERO_LIMITS_MAX_BACKLOG", kInteger,
     applyPositive<kLimits, &L::max_backlog>},
    {"limits.auth_failures_per_minute", "MENSAJERO_LIMITS_AUTH_FAILURES_PER_MINUTE", kInteger,
     applyPositive<kLimits, &L::auth_failures_per_minute>},
    {"limits.auth_block_ms", "MENSAJERO_LIMITS_AUTH_BLOCK_MS", kInteger,
     applyPositive<kLimits, &L::auth_block_ms>},
    {"limits.max_concurrent_per_organization", "MENSAJERO_LIMITS_MAX_CONCURRENT_PER_ORGANIZATION",
     kInteger, applyInteger<kLimits, &L::max_concurrent_per_organization, 0, 256>},
    {"limits.max_schedule_ahead_days", "MENSAJERO_LIMITS_MAX_SCHEDULE_AHEAD_DAYS", kInteger,
     applyInteger<kLimits, &L::max_schedule_ahead_days, 1, 36'500>},
    {"webhooks.batch_size", "MENSAJERO_WEBHOOKS_BATCH_SIZE", kInteger,
     applyPositive<kWebhooks, &W::batch_size>},
    {"webhooks.event_retention_days", "MENSAJERO_WEBHOOKS_EVENT_RETENTION_DAYS", kInteger,
     applyPositive<kWebhooks, &W::event_retention_days>},
    {"whatsapp.enforce_service_window", "MENSAJERO_WHATSAPP_ENFORCE_SERVICE_WINDOW", kBoolean,
     applyBoolean<&Config::whatsapp, &WhatsAppConfig::enforce_service_window>},
    {"media.max_upload_bytes", "MENSAJERO_MEDIA_MAX_UPLOAD_BYTES", kInteger,
     applyInteger<kMedia, &MediaConfig::max_upload_bytes, 1, 100'000'000>},
    {"media.retention_days", "MENSAJERO_MEDIA_RETENTION_DAYS", kInteger,
     applyInteger<kMedia, &MediaConfig::retention_days, 1, 36'500>},
    {"health.whatsapp_check_interval_seconds", "MENSAJERO_HEALTH_WHATSAPP_CHECK_INTERVAL_SECONDS",
     kInteger,
     applyInteger<&Config::health, &HealthConfig::whatsapp_check_interval_seconds, 1, 86'400>},
    {"health.sample_interval_seconds", "MENSAJERO_HEALTH_SAMPLE_INTERVAL_SECONDS", kInteger,
     applyInteger<&Config::health, &HealthConfig::sample_interval_seconds, 1, 86'400>},
    {"health.retention_days", "MENSAJERO_HEALTH_RETENTION_DAYS", kInteger,
     applyInteger<&Config::health, &HealthConfig::retention_days, 1, 3'650>},
    {"metrics.token", "MENSAJERO_METRICS_TOKEN", kString,
     applyString<&Config::metrics, &MetricsConfig::token, checkMetricsToken>},
    {"metrics.refresh_interval_ms", "MENSAJERO_METRICS_REFRESH_INTERVAL_MS", kInteger,
     applyInteger<&Config::metrics, &MetricsConfig::refresh_interval_ms, 100, 3'600'000>},
    {"logging.level", "MENSAJERO_LOGGING_LEVEL", kString,
     applyString<&Config::logging, &LoggingConfig::level, checkLevel>},
    {"alerting.evaluation_interval_seconds", "MENSAJERO_ALERTING_EVALUATION_INTERVAL_SECONDS",
     kInteger,
     applyInteger<&Config::alerting, &AlertingConfig::evaluation_interval_seconds, 1, 3600>},
    {"alerting.repeat_interval_minutes", "MENSAJERO_ALERTING_REPEAT_INTERVAL_MINUTES", kInteger,
     applyInteger<&Config::alerting, &AlertingConfig::repeat_interval_minutes, 0, 10'080>},
    {"alerting.lease_seconds", "MENSAJERO_ALERTING_LEASE_SECONDS", kInteger,
     applyInteger<&Config::alerting, &AlertingConfig::lease_seconds, 2, 3600>},
    {"delivery.circuit_breaker.failure_threshold",
     "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_FAILURE_THRESHOLD", kInteger,
     applyBreakerSetting<&CircuitBreakerSettings::failure_threshold>},
    {"delivery.circuit_breaker.recovery_timeout_ms",
     "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_RECOVERY_TIMEOUT_MS", kInteger,
     applyBreakerSetting<&CircuitBreakerSettings::recovery_timeout_ms>},
    {"delivery.circuit_breaker.monitoring_window_ms",
     "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_MONITORING_WINDOW_MS", kInteger,
     applyBreakerSetting<&CircuitBreakerSettings::monitoring_window_ms>},
    {"delivery.circuit_breaker.half_open_max_calls",
     "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_HALF_OPEN_MAX_CALLS", kInteger,
     applyBreakerSetting<&CircuitBreakerSettings::half_open_max_calls>},
    {"delivery.circuit_breaker.emergency_shutdown_threshold",
     "MENSAJERO_DELIVERY_CIRCUIT_BREAKER_EMERGENCY_SHUTDOWN_THRESHOLD", kInteger,
     applyBreakerSetting<&CircuitBreakerSettings::emergency_shutdown_threshold>},
};

const ScalarKey* findScalarKey(std::string_view key) {
  for (const ScalarKey& entry : kScalarKeys) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

bool isSection(std::string_view name) {
  if (name == "alerting") return true;  // issue 12: how alert rules are evaluated
  if (name == "metrics") return true;   // issue 12: GET /metrics
  for (std::string_view section : {"server", "storage", "delivery", "limits", "webhooks", "logging",
                                   "whatsapp", "media", "health"}) {
    if (name == section) {
      return true;
    }
  }
  return false;
}

// A mapping nested in a section, such as delivery.circuit_breaker: some key lies below it.
bool isSubsection(std::string_view key) {
  for (const ScalarKey& entry : kScalarKeys) {
    if (entry.key.size() > key.size() && entry.key.starts_with(key) &&
        entry.key[key.size()] == '.') {
      return true;
    }
  }
  return false;
}

void readSection(const YAML::Node& node, const std::string& section, const Environment& env,
                 Config& config) {
  if (node.IsNull()) {
    return;  // a section whose keys are all commented out
  }
  for (const auto& entry : detail::mappingEntries(node, section)) {
    const ScalarKey* scalar = findScalarKey(entry.key);
    if (scalar == nullptr && isSubsection(entry.key)) {
      readSection(entry.value, entry.key, env, config);
      continue;
    }
    if (scalar == nullptr) {
      throw ConfigError(entry.key, "unknown key");
    }
    std::string text = detail::readScalar(entry.value, entry.key, scalar->expected, env);
    try {
      scalar->apply(config, text);
    } catch (const InvalidValue& e) {
      throw ConfigError(entry.key, e.what());
    }
  }
}

void readDocument(const YAML::Node& root, const Environment& env, Config& config) {
  if (root.IsNull()) {
    return;  // an empty file, or one with only comments
  }
  if (!root.IsMap()) {
    throw ConfigError("config", "expected a mapping at the top level, got " +
                                    std::string(detail::describeNode(root)));
  }
  for (const auto& entry : detail::mappingEntries(root, "")) {
    if (entry.name == "organizations") {
      config.organizations = detail::readOrganizations(entry.value, env);
    } else if (entry.name == "notifiers") {
      config.notifiers = detail::readNotifiers(entry.value, env);
    } else if (entry.name == "alerts") {
      config.alerts = detail::readAlertRules(entry.value, env);
    } else if (isSection(entry.name)) {
      readSection(entry.value, entry.name, env, config);
    } else {
      throw ConfigError(entry.key, "unknown key");
    }
  }
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("config", path + ": " + std::generic_category().message(errno));
  }
  // Read in chunks and stop past the bound, so an oversized file (or a device that never
  // ends) is never held whole.
  std::string text;
  std::array<char, 64 * 1024> chunk{};
  try {
    // Reading a directory or a failing disk throws from the stream buffer.
    in.exceptions(std::ios::badbit);
    while (in.read(chunk.data(), chunk.size()) || in.gcount() > 0) {
      text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
      if (text.size() > detail::kMaxConfigFileBytes) {
        throw ConfigError("config", path + ": larger than " +
                                        std::to_string(detail::kMaxConfigFileBytes) + " bytes");
      }
    }
  } catch (const std::ios_base::failure& e) {
    throw ConfigError("config", path + ": cannot be read: " + e.what());
  }
  return text;
}

YAML::Node parseYaml(const std::string& path) {
  std::string text = readFile(path);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    // yaml-cpp counts lines and columns from 0; editors count from 1.
    throw ConfigError("config", path + ":" + std::to_string(e.mark.line + 1) + ":" +
                                    std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  detail::checkYamlBounds(root, path);
  return root;
}

void applyEnvironment(const Environment& environment, Config& config) {
  for (const ScalarKey& scalar : kScalarKeys) {
    auto found = environment.find(std::string(scalar.env_name));
    if (found == environment.end()) {
      continue;
    }
    try {
      scalar.apply(config, found->second);
    } catch (const InvalidValue& e) {
      std::string origin = " (from environment variable " + std::string(scalar.env_name) + ")";
      throw ConfigError(std::string(scalar.key), e.what() + origin);
    }
  }
}

resilience::CircuitBreakerConfig breakerConfigOf(const CircuitBreakerSettings& settings) {
  resilience::CircuitBreakerConfig config;
  config.failure_threshold = settings.failure_threshold;
  config.recovery_timeout = std::chrono::milliseconds(settings.recovery_timeout_ms);
  config.monitoring_window = std::chrono::milliseconds(settings.monitoring_window_ms);
  config.half_open_max_calls = settings.half_open_max_calls;
  config.emergency_shutdown_threshold = settings.emergency_shutdown_threshold;
  return config;
}

// The global breaker settings, and each configured channel's overrides merged over them, must
// make a breaker; checked after the environment, which may change the global ones.
void validateBreakerSettings(const Config& config) {
  const resilience::CircuitBreakerConfig global = breakerConfigOf(config.delivery.circuit_breaker);
  if (auto problem = delivery::breakerSettingsProblem(global)) {
    throw ConfigError("delivery.circuit_breaker", *problem);
  }
  for (std::size_t o = 0; o < config.organizations.size(); ++o) {
    const auto& channels = config.organizations[o].channels;
    for (std::size_t c = 0; c < channels.size(); ++c) {
      auto merged = delivery::breakerSettingsFor(global, channels[c].provider_config_json);
      if (!merged) {
        throw ConfigError("organizations[" + std::to_string(o) + "].channels[" + std::to_string(c) +
                              "].provider_config",
                          merged.error().message);
      }
    }
  }
}

// Checked after the environment, which may change either value.
void validateAlerting(const AlertingConfig& alerting) {
  if (alerting.lease_seconds <= alerting.evaluation_interval_seconds) {
    throw ConfigError("alerting.lease_seconds",
                      "must be longer than alerting.evaluation_interval_seconds (" +
                          std::to_string(alerting.evaluation_interval_seconds) +
                          "), or the lease lapses between evaluations");
  }
}

}  // namespace

resilience::CircuitBreakerConfig breakerConfig(const CircuitBreakerSettings& settings) {
  return breakerConfigOf(settings);
}

Config loadConfig(const std::optional<std::string>& path,
                  const std::map<std::string, std::string>& environment) {
  Config config;
  if (path) {
    readDocument(parseYaml(*path), environment, config);
  }
  applyEnvironment(environment, config);
  detail::applyNotifierEnvironment(environment, config.notifiers);
  validateBreakerSettings(config);
  validateAlerting(config.alerting);
  return config;
}

std::map<std::string, std::string> processEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    std::size_t equals = text.find('=');
    if (equals != std::string_view::npos) {
      environment.emplace(text.substr(0, equals), text.substr(equals + 1));
    }
  }
  return environment;
}

}  // namespace mensajero::app
