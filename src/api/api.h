#pragma once

#include <utility>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/authenticator.h"
#include "api/caller_limits.h"
#include "api/organization_concurrency.h"
#include "api/webhook_endpoints.h"
#include "channels/provider_registry.h"
#include "core/send_service.h"
#include "core/webhook_processor.h"
#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "delivery/dispatcher.h"
#include "delivery/send_use_case.h"
#include "http/router.h"
#include "monitoring/health.h"
#include "monitoring/metrics_registry.h"
#include "monitoring/request_metrics.h"
#include "resilience/clock.h"
#include "storage/store.h"
#include "transport/http_client.h"

namespace mensajero::api {

struct ApiServices {
  storage::Store& store;
  core::SendService& sender;
  delivery::Dispatcher& dispatcher;
  delivery::BreakerBoard& breakers;
  core::WebhookProcessor& webhook_processor;
  monitoring::HealthService& health;
  monitoring::RequestMetrics& metrics;
  const resilience::Clock& clock;
  const channels::ProviderRegistry& providers;
  // Calls to providers made on an API request (template submission).
  transport::HttpClient& http_client;
  // Fetches inbound media from its provider (GET /api/v2/media/{id}); null: not fetched.
  delivery::ChannelRegistry* channels = nullptr;
  // GET /readyz's checks (app/readiness.h); null: always ready.
  monitoring::HealthService* readiness = nullptr;
};

struct ApiOptions {
  int send_wait_ms = 10'000;
  int lease_ms = 30'000;
  std::size_t webhook_body_limit = 4 << 20;
  int api_requests_per_second = 100;  // per API key
  int api_burst = 200;
  // Requests of one organization holding a blocking thread at once (429 beyond).
  int max_concurrent_per_organization = 8;
  int auth_failures_per_minute = 10;  // per source address, then blocked for auth_block_ms
  int auth_block_ms = 60'000;
  // The gateway's URL as providers call it ("https://gw.example.org"), for providers that sign
  // the URL; empty: "http://" and the request's Host header.
  std::string public_base_url;
  // Older webhook paths kept working: /api/v2/webhooks/<first>/{organizationId} is the
  // webhook route of provider <second>.
  std::vector<std::pair<std::string, std::string>> webhook_path_aliases;
  // POST /api/v2/media's body limit (media.max_upload_bytes).
  std::size_t media_max_upload_bytes = 16 << 20;
  // GET /metrics needs `Authorization: Bearer <metrics_token>` when set (metrics.token).
  std::string metrics_token;
};

// The routes of spec section C. Every route is listed in docs/openapi.yaml (a test checks).
// Owns the request-path caches (API keys, webhook secrets).
class Api {
 public:
  Api(ApiServices services, ApiOptions options);

  void registerRoutes(http::Router& router);
  WebhookEndpoints& webhookEndpoints() { return endpoints_; }
  // Waits for the sends' accepts still being committed, then ends the sends still waiting for
  // a first attempt without answering them. Call after the HTTP server has stopped and before
  // it is destroyed, and before the dispatcher stops (a keyed send's answer would be posted to
  // the server's blocking pool, gone by then).
  void stop();

 private:
  void registerMessageRoutes(http::Router& router);
  void registerConversationRoutes(http::Router& router);
  void registerWebhookRoutes(http::Router& router);
  void registerHealthRoutes(http::Router& router);
  void registerChannelRoutes(http::Router& router);
  void registerTemplateSyncRoutes(http::Router& router);
  void registerTemplateRoutes(http::Router& router);  // templates_routes.cpp (issue 11)
  void registerMediaRoutes(http::Router& router);
  void registerProbeRoutes(http::Router& router);          // /livez, /readyz (issue 12)
  void registerHealthHistoryRoutes(http::Router& router);  // GET /api/v2/health/history
  void registerMetricsRoutes(http::Router& router);        // metrics_routes.cpp (issue 12)
  std::vector<monitoring::FamilySnapshot> componentMetrics() const;

  // What an accepted send is answered, and what its Idempotency-Key replays.
  static delivery::RecordedAnswer renderSendAnswer(const delivery::AcceptedSend& accepted);
  static http::Response sendResponse(delivery::SendResult result);

  // A route that needs an API key: authenticates, applies the key's quota (429 beyond it)
  // and adds the quota headers to whatever `handler` answers.
  using CallerHandler = std::function<http::Response(const http::Request&, const Caller&)>;
  // As above, and the key must hold `scope` (403 insufficient_scope otherwise).
  http::BlockingHandler authenticated(security::Scope scope, CallerHandler handler);
  // The route options of every route that needs an API key: the key is checked from the
  // header, before the body is read (401 without reading it), so an unauthenticated client
  // cannot make the server buffer a body. authenticated() checks again in the handler.
  http::RouteOptions apiKeyRoute();
  http::RouteOptions webhookPostOptions(std::string fixed_provider);
  // The webhook routes at `path`, of the provider named by `fixed_provider`, or by the
  // {provider} segment when it is empty.
  void registerWebhookPath(http::Router& router, const std::string& path,
                           std::string fixed_provider);
  std::optional<http::Response> webhookAdmission(const std::string& provider,
                                                 const http::Request& request) const;
  // Makes a verified webhook durable, then answers 200 (5xx when the store fails).
  void storeWebhook(storage::WebhookLogRecord record, http::Respond respond);
  // The same for a deferred route: the quota headers are added to the later answer, and the
  // organization's concurrency slot is held while the handler runs and while a copy of the
  // `slot` it is given lives (a send keeps it until its accept has committed; never through
  // the wait for a provider).
  using DeferredCallerHandler =
      std::function<void(const http::Request&, const Caller&, http::Respond, http::RunBlocking,
                         std::shared_ptr<void> slot)>;
  http::DeferredHandler authenticatedDeferred(security::Scope scope, DeferredCallerHandler handler);

  ApiServices services_;
  ApiOptions options_;
  Authenticator authenticator_;
  CallerLimits caller_limits_;
  WebhookEndpoints endpoints_;
  OrganizationConcurrency concurrency_;
  delivery::SendUseCase sends_;
  monitoring::CollectorHandle metrics_collector_;  // reads authenticator_ and services_
};

}  // namespace mensajero::api
