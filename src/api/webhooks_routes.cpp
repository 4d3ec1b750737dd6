#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/error_response.h"
#include "monitoring/gateway_metrics.h"
#include "security/crypto.h"

namespace mensajero::api {
namespace {

using nlohmann::json;
using Endpoints = std::vector<WebhookEndpoints::Endpoint>;

// The provider a webhook path names: fixed by an alias route, else its {provider} segment.
std::string providerOf(const http::Request& request, const std::string& fixed_provider) {
  return fixed_provider.empty() ? request.path_params.at("provider") : fixed_provider;
}

// The URL the provider called, for providers that sign it: the configured public base URL
// (what a proxy in front was called with) or else the Host header, plus the target as
// received (path and query, undecoded).
std::string fullUrl(const http::Request& request, const std::string& public_base_url) {
  std::string base = public_base_url;
  if (base.empty()) base = "http://" + std::string(request.header("Host").value_or("localhost"));
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + request.target;
}

channels::WebhookRequest webhookRequest(const http::Request& request, const std::string& url) {
  channels::WebhookRequest view;
  view.method = request.method;
  view.url = url;
  view.path = request.path;
  view.query = request.query_string;
  view.header = [&request](std::string_view name) { return request.header(name); };
  view.query_param = [&request](std::string_view name) { return request.queryParam(name); };
  view.content_type = request.header("Content-Type").value_or("");
  view.body = request.body;
  return view;
}

// Any of the organization's instances of the provider may have signed it.
bool verifiedByOne(const Endpoints& endpoints, const channels::WebhookRequest& request) {
  for (const auto& endpoint : endpoints) {
    if (endpoint.provider->verifyWebhook(*endpoint.config, request)) return true;
  }
  return false;
}

http::Response handshake(const Endpoints& endpoints, const channels::WebhookRequest& request) {
  for (const auto& endpoint : endpoints) {
    if (auto reply = endpoint.provider->answerHandshake(*endpoint.config, request)) {
      return http::Response::text(reply->status, reply->body);
    }
  }
  return http::Response::error(403, "forbidden", "verification token mismatch");
}

}  // namespace

void Api::registerWebhookRoutes(http::Router& router) {
  registerWebhookPath(router, "/api/v2/webhooks/{provider}/{organizationId}", "");
  for (const auto& [segment, provider] : options_.webhook_path_aliases) {
    registerWebhookPath(router, "/api/v2/webhooks/" + segment + "/{organizationId}", provider);
  }
}

void Api::registerWebhookPath(http::Router& router, const std::string& path,
                              std::string fixed_provider) {
  router.add("GET", path, [this, fixed_provider](http::Request request, http::Respond respond) {
    const std::string provider = providerOf(request, fixed_provider);
    if (auto refusal = webhookAdmission(provider, request)) return respond(std::move(*refusal));
    const auto endpoints = endpoints_.endpoints(request.path_params.at("organizationId"), provider);
    const std::string url = fullUrl(request, options_.public_base_url);
    respond(handshake(endpoints, webhookRequest(request, url)));
  });

  // The hot path: verify, make durable, acknowledge. Parsing of events happens in the
  // WebhookProcessor, after the 200.
  router.add(
      "POST", path,
      [this, fixed_provider](http::Request request, http::Respond respond) {
        const std::string provider = providerOf(request, fixed_provider);
        if (auto refusal = webhookAdmission(provider, request)) {
          return respond(std::move(*refusal));
        }
        const std::string organization_id = request.path_params.at("organizationId");
        const auto endpoints = endpoints_.endpoints(organization_id, provider);
        const std::string url = fullUrl(request, options_.public_base_url);
        const channels::WebhookRequest view = webhookRequest(request, url);
        // The provider is one this build has (admission refused any other): a bounded label.
        auto& metrics = monitoring::gatewayMetrics();
        metrics.webhooks_received.with({provider}).inc();
        // Verify the raw bytes before anything reads them.
        if (!verifiedByOne(endpoints, view)) {
          spdlog::warn("webhook rejected: bad or missing signature (request {})",
                       request.request_id);
          metrics.webhooks_rejected.with({provider, "invalid_signature"}).inc();
          return respond(
              http::Response::error(401, "invalid_signature", "signature verification failed"));
        }
        metrics.webhooks_verified.with({provider}).inc();
        auto event_type = endpoints.front().provider->webhookEventType(view);
        if (!event_type) {
          metrics.webhooks_rejected.with({provider, "invalid_body"}).inc();
          return respond(
              http::Response::error(400, event_type.error().code, event_type.error().message));
        }

        storage::WebhookLogRecord record;
        record.organization_id = organization_id;
        record.provider = provider;
        record.event_type = std::move(*event_type);
        record.payload_hash = security::sha256Hex(request.body);
        record.payload = std::move(request.body);
        record.received_at = services_.clock.now();
        storeWebhook(std::move(record), std::move(respond));
      },
      webhookPostOptions(fixed_provider));
}

void Api::storeWebhook(storage::WebhookLogRecord record, http::Respond respond) {
  std::string provider = record.provider;
  services_.store.appendWebhookAsync(
      std::move(record), [this, provider = std::move(provider),
                          respond = std::move(respond)](Result<storage::WebhookAppend> appended) {
        auto& metrics = monitoring::gatewayMetrics();
        if (!appended) {
          spdlog::error("webhook not stored: {}", appended.error().message);
          metrics.webhooks_rejected.with({provider, "store_unavailable"}).inc();
          return respond(errorResponse(appended.error()));
        }
        if (*appended == storage::WebhookAppend::Inserted) {
          metrics.webhooks_stored.with({provider}).inc();
          services_.webhook_processor.notify();
        } else {
          metrics.webhooks_duplicate.with({provider}).inc();
        }
        const json body = {{"status", "success"},
                           {"processedAt", formatIso8601(services_.clock.now())},
                           {"duplicate", *appended == storage::WebhookAppend::Duplicate}};
        respond(http::Response::json(200, body.dump()));
      });
}

// 404 for a provider this build does not have, or an organization without an instance of
// it; nullopt to go on.
std::optional<http::Response> Api::webhookAdmission(const std::string& provider,
                                                    const http::Request& request) const {
  if (services_.providers.find(provider) == nullptr) {
    return http::Response::error(404, "not_found", "no webhook provider of that name");
  }
  if (endpoints_.endpoints(request.path_params.at("organizationId"), provider).empty()) {
    return http::Response::error(404, "not_found", "no " + provider + " channel here");
  }
  return std::nullopt;
}

// An unknown provider or organization is refused from the path alone, before its body is
// read. The sender is proven only by the signature over the whole body, so the body stays
// counted against the server's budget for unauthenticated bodies (admit_authenticates is
// false).
http::RouteOptions Api::webhookPostOptions(std::string fixed_provider) {
  http::RouteOptions options;
  options.body_limit = options_.webhook_body_limit;
  options.admit = [this, fixed_provider = std::move(fixed_provider)](
                      const http::Request& request) -> std::optional<http::Response> {
    return webhookAdmission(providerOf(request, fixed_provider), request);
  };
  return options;
}

}  // namespace mensajero::api
