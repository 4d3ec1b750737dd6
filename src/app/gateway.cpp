#include "app/gateway.h"

#include <algorithm>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "api/api.h"
#include "app/alert_inputs_adapter.h"
#include "app/alerting_loop.h"
#include "app/channel_health.h"
#include "app/channel_probes.h"
#include "app/health_checks.h"
#include "app/health_sampler.h"
#include "app/metrics_wiring.h"
#include "app/providers.h"
#include "app/readiness.h"
#include "app/seed.h"
#include "app/store_setup.h"
#include "core/channel_warnings.h"
#include "core/media/media_retention.h"
#include "core/send_service.h"
#include "core/webhook_processor.h"
#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "delivery/dispatcher.h"
#include "http/log_escape.h"
#include "http/server.h"
#include "monitoring/health.h"
#include "monitoring/request_metrics.h"
#include "notify/notifier_factory.h"
#include "resilience/clock.h"
#include "security/crypto.h"
#include "transport/http_client.h"

namespace mensajero::app {

// Members are declared in dependency order, so destruction runs from the HTTP server down
// to the store.
struct Gateway::Parts {
  resilience::SystemClock clock;
  std::string instance_id = "gw-" + security::randomHex(6);
  storage::StorePtr store;
  transport::CurlHttpClient http_client;
  std::unique_ptr<delivery::ChannelRegistry> channels;
  std::unique_ptr<delivery::BreakerBoard> breakers;
  std::unique_ptr<core::SendService> sender;
  std::unique_ptr<delivery::Dispatcher> dispatcher;
  std::unique_ptr<core::WebhookProcessor> webhook_processor;
  std::unique_ptr<core::MediaRetention> media_retention;
  std::unique_ptr<monitoring::RequestMetrics> metrics;
  std::unique_ptr<monitoring::HealthService> health;
  std::unique_ptr<ChannelProbes> probes;                 // health's provider probes
  std::unique_ptr<monitoring::HealthService> readiness;  // GET /readyz
  std::unique_ptr<HealthSampler> health_sampler;         // system_health_metrics
  std::unique_ptr<MetricsRefresher> metrics_refresher;   // GET /metrics (issue 12)
  std::unique_ptr<api::Api> api;
  std::unique_ptr<http::Server> server;
  // Alerting (issue 12); declared last, so the loop stops before what it reads goes away.
  std::unique_ptr<monitoring::RequestMetrics> webhook_metrics;
  std::unique_ptr<AlertInputsAdapter> alert_inputs;
  std::unique_ptr<AlertingLoop> alerting;
};

namespace {

delivery::Dispatcher::Options dispatcherOptions(const Config& config, const std::string& owner) {
  delivery::Dispatcher::Options options;
  options.owner = owner;
  options.workers = config.delivery.workers;
  options.lease_ms = config.delivery.lease_ms;
  options.poll_interval_ms = config.delivery.poll_interval_ms;
  options.backoff.max_attempts = config.delivery.max_attempts;
  options.backoff.base = std::chrono::milliseconds(config.delivery.backoff_base_ms);
  options.backoff.cap = std::chrono::milliseconds(config.delivery.backoff_cap_ms);
  options.limits.channel_messages_per_second = config.limits.channel_messages_per_second;
  options.limits.channel_burst = config.limits.channel_burst;
  if (config.limits.pair_interval_ms) {
    options.limits.pair_interval = std::chrono::milliseconds(*config.limits.pair_interval_ms);
  }
  options.limits.pair_burst = config.limits.pair_burst;
  options.enforce_service_window = config.whatsapp.enforce_service_window;
  return options;
}

http::ServerOptions serverOptions(const Config& config, monitoring::RequestMetrics& metrics) {
  http::ServerOptions options;
  options.host = config.server.host;
  options.port = config.server.port;
  options.io_threads = config.server.io_threads;
  options.blocking_threads = config.server.blocking_threads;
  options.body_limit = config.server.body_limit_bytes;
  options.header_timeout = std::chrono::milliseconds(config.server.header_timeout_ms);
  options.body_timeout = std::chrono::milliseconds(config.server.body_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(config.server.idle_timeout_ms);
  options.shutdown_grace = std::chrono::milliseconds(config.server.shutdown_grace_ms);
  options.max_connections = config.server.max_connections;
  options.unauthenticated_body_budget = config.server.unauthenticated_body_budget_bytes;
  // Method, route-free path and status only: paths and queries may carry identifiers, and
  // bodies carry PHI, so neither is logged. What came from the request is escaped, so a
  // decoded "%0d%0a" in a path cannot forge a log line.
  options.on_complete = [&metrics](const http::Request& request, const http::Response& response,
                                   std::chrono::microseconds elapsed) {
    metrics.record(response.status, elapsed.count());
    recordHttpCompletion(request, response, elapsed);
    spdlog::debug("{} {} {} {}us id={}", http::escapeForLog(request.method),
                  http::escapeForLog(request.path), response.status, elapsed.count(),
                  http::escapeForLog(request.request_id));
  };
  return options;
}

// The WhatsApp webhook path of issue 1 stays Meta's, for the clinics configured with it.
std::vector<std::pair<std::string, std::string>> webhookPathAliases() {
  return {{"whatsapp", "meta"}};
}

// Half the blocking threads unless configured: another organization always finds threads.
int maxConcurrentPerOrganization(const Config& config) {
  if (config.limits.max_concurrent_per_organization > 0) {
    return config.limits.max_concurrent_per_organization;
  }
  return std::max(1, config.server.blocking_threads / 2);
}

// The gateway starts anyway (the database is the operator's), but says loudly that its 2xx
// promise does not hold.
void warnAboutDurability(storage::Store& store) {
  auto caveats = store.durabilityCaveats();
  if (!caveats) {
    spdlog::warn("could not check the database's durability settings: {}", caveats.error().message);
    return;
  }
  for (const std::string& caveat : *caveats) spdlog::warn("database: {}", caveat);
}

// A channel that starts but silently loses every webhook is worse than one that is loud.
void warnAboutChannels(storage::Store& store, const channels::ProviderRegistry& providers) {
  auto channels = store.listAllChannelInstances();
  if (!channels) return;  // the caller's start-up reads will report the store
  for (const auto& channel : *channels) {
    for (const std::string& warning : core::channelWarnings(providers, channel)) {
      spdlog::warn("channel instance {} of organization {}: {}", channel.id,
                   channel.organization_id, warning);
    }
  }
}

}  // namespace

Gateway::Gateway(Config config) : config_(std::move(config)), parts_(std::make_unique<Parts>()) {}

Gateway::~Gateway() {
  if (parts_->alerting) parts_->alerting->stop();
  if (parts_->server) parts_->server->stop();
  // Sends still waiting for a first attempt hold their connection's answer, which must go
  // while the server that would deliver it still exists.
  if (parts_->api) parts_->api->stop();
  if (parts_->health_sampler) parts_->health_sampler->stop();
  if (parts_->readiness) parts_->readiness->stop();
  if (parts_->health) parts_->health->stop();
  if (parts_->metrics_refresher) parts_->metrics_refresher->stop();
  if (parts_->dispatcher) parts_->dispatcher->stop();
  if (parts_->webhook_processor) parts_->webhook_processor->stop();
}

std::uint16_t Gateway::start() {
  Parts& p = *parts_;
  p.store = openMigratedStore(config_, /*serving=*/true);
  warnAboutDurability(*p.store);
  if (auto seeded = applySeeds(*p.store, config_); !seeded) {
    throw std::runtime_error("organizations: " + seeded.error().message);
  }
  const channels::ProviderRegistry& providers = builtInProviders();
  warnAboutChannels(*p.store, providers);

  p.channels = std::make_unique<delivery::ChannelRegistry>(*p.store, providers, p.http_client);
  p.sender = std::make_unique<core::SendService>(
      *p.store, p.clock, p.instance_id, config_.limits.max_backlog,
      std::int64_t{config_.limits.max_schedule_ahead_days} * 24 * 3600 * 1000);
  auto fallbacks = defaultFallbackChannels(*p.store, config_);
  if (!fallbacks) throw std::runtime_error("organizations: " + fallbacks.error().message);
  p.sender->setDefaultFallbackChannels(std::move(*fallbacks));
  auto languages = defaultTemplateLanguages(*p.store, config_);
  if (!languages) throw std::runtime_error("organizations: " + languages.error().message);
  p.sender->setDefaultLanguages(std::move(*languages));
  // The spec's CircuitBreakerConfig (A.2) unless delivery.circuit_breaker changes it.
  p.breakers = std::make_unique<delivery::BreakerBoard>(
      *p.store, p.clock, breakerConfig(config_.delivery.circuit_breaker));
  p.dispatcher = std::make_unique<delivery::Dispatcher>(*p.store, *p.channels, *p.breakers, p.clock,
                                                        dispatcherOptions(config_, p.instance_id));
  p.webhook_processor = std::make_unique<core::WebhookProcessor>(
      *p.store, providers, p.clock,
      core::WebhookProcessor::Options{config_.webhooks.batch_size, std::chrono::milliseconds(1000),
                                      config_.webhooks.event_retention_days});
  p.metrics = std::make_unique<monitoring::RequestMetrics>(p.clock);
  // Issue 12: the spec's five services, /readyz's checks and the health samples.
  p.health = std::make_unique<monitoring::HealthService>(p.clock);
  p.probes = std::make_unique<ChannelProbes>(
      *p.channels, p.clock, std::int64_t{config_.health.whatsapp_check_interval_seconds} * 1000);
  registerHealthChecks(*p.health, {*p.store, providers, *p.dispatcher, *p.breakers, *p.probes});
  p.readiness = std::make_unique<monitoring::HealthService>(p.clock);
  // p.server is set before it serves, so before any /readyz can run this.
  registerReadinessChecks(*p.readiness, *p.store,
                          [&p] { return p.server != nullptr && p.server->draining(); });
  p.health_sampler = std::make_unique<HealthSampler>(
      *p.store, *p.health, *p.metrics, p.clock,
      HealthSampler::Options{p.instance_id,
                             std::chrono::seconds(config_.health.sample_interval_seconds),
                             config_.health.retention_days});

  p.api = std::make_unique<api::Api>(
      api::ApiServices{*p.store, *p.sender, *p.dispatcher, *p.breakers, *p.webhook_processor,
                       *p.health, *p.metrics, p.clock, providers, p.http_client, p.channels.get(),
                       p.readiness.get()},
      api::ApiOptions{config_.delivery.send_wait_ms, config_.delivery.lease_ms,
                      config_.server.webhook_body_limit_bytes,
                      config_.limits.api_requests_per_second, config_.limits.api_burst,
                      maxConcurrentPerOrganization(config_),
                      config_.limits.auth_failures_per_minute, config_.limits.auth_block_ms,
                      config_.server.public_base_url, webhookPathAliases(),
                      config_.media.max_upload_bytes, config_.metrics.token});
  if (auto loaded = p.api->webhookEndpoints().reload(); !loaded) {
    throw std::runtime_error("loading channel instances: " + loaded.error().message);
  }
  http::Router router;
  p.api->registerRoutes(router);

  // Before the workers and the server: instance labels and store gauges are read once first.
  p.metrics_refresher = std::make_unique<MetricsRefresher>(
      *p.store, p.clock, *p.breakers,
      std::chrono::milliseconds(config_.metrics.refresh_interval_ms));
  p.metrics_refresher->start();
  p.dispatcher->start();
  p.webhook_processor->start();
  p.media_retention =
      std::make_unique<core::MediaRetention>(*p.store, p.clock, config_.media.retention_days);
  p.media_retention->start();
  // Alerting (issue 12): the config's rules over this instance's measurements; one instance
  // of the deployment evaluates and notifies (the database lease "alerting").
  p.webhook_metrics = std::make_unique<monitoring::RequestMetrics>(p.clock);
  p.alert_inputs = std::make_unique<AlertInputsAdapter>(*p.metrics, *p.webhook_metrics, *p.breakers,
                                                        *p.store, p.clock);
  AlertNotifiers alert_notifiers =
      notify::buildNotifiers(config_.notifiers, p.http_client, p.clock);
  if (config_.alerts.empty()) {
    spdlog::info("alerting is off (alerts: [])");
  } else {
    p.alerting = std::make_unique<AlertingLoop>(
        *p.store, p.clock, *p.alert_inputs, config_.alerts, std::move(alert_notifiers),
        AlertingLoop::Options{p.instance_id,
                              std::chrono::seconds(config_.alerting.evaluation_interval_seconds),
                              std::chrono::seconds(config_.alerting.lease_seconds),
                              std::chrono::minutes(config_.alerting.repeat_interval_minutes)});
    p.alerting->start();
  }
  p.health_sampler->start();
  auto server_options = serverOptions(config_, *p.metrics);
  server_options.on_complete =
      recordWebhookTimes(std::move(server_options.on_complete), *p.webhook_metrics);
  p.server = std::make_unique<http::Server>(std::move(server_options), std::move(router));
  const std::uint16_t port = p.server->start();
  spdlog::info("mensajero {} listening on http://{}:{}", p.instance_id, config_.server.host, port);
  return port;
}

void Gateway::runUntilSignal() {
  parts_->server->runUntilSignal();
  spdlog::info("HTTP server stopped; finishing delivery and webhook work");
  // Before the dispatcher drains its queue: a waiting keyed send's answer would otherwise be
  // posted to the blocking pool that the server's stop destroyed.
  parts_->api->stop();
  if (parts_->alerting) parts_->alerting->stop();
  parts_->health_sampler->stop();
  parts_->dispatcher->stop();
  parts_->webhook_processor->stop();
  spdlog::info("stopped");
}

}  // namespace mensajero::app
