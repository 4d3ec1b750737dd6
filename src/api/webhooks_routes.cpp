#include <algorithm>
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/dto/json_body.h"
#include "api/error_response.h"
#include "security/crypto.h"
#include "security/webhook_signature.h"

namespace mensajero::api {
namespace {

using nlohmann::json;

std::optional<std::string_view> signatureHeader(const http::Request& request) {
  if (auto hub = request.header("X-Hub-Signature-256")) return hub;
  return request.header("X-Webhook-Signature");
}

// The app secret of any of the organization's Meta numbers may have signed it.
bool signedByOrganization(const std::vector<WebhookSecrets::MetaEndpoint>& endpoints,
                          const http::Request& request) {
  const auto header = signatureHeader(request);
  if (!header) return false;
  for (const auto& endpoint : endpoints) {
    if (security::verifyHubSignature(endpoint.app_secret, request.body, *header)) return true;
  }
  return false;
}

// Meta's "field" of the first change, for webhook_logs.event_type.
constexpr std::size_t kMaxEventTypeLength = 50;

std::string eventType(const json& document) {
  const auto entry = document.find("entry");
  if (entry == document.end() || !entry->is_array() || entry->empty()) return "unknown";
  const auto changes = entry->front().find("changes");
  if (changes == entry->front().end() || !changes->is_array() || changes->empty()) {
    return "unknown";
  }
  const auto field = changes->front().find("field");
  if (field == changes->front().end() || !field->is_string()) return "unknown";
  // Meta's fields are short snake_case names; anything else ("other") must still fit the
  // column (webhook_logs.event_type VARCHAR(50)) and be safe to show in a log.
  const auto& name = field->get_ref<const std::string&>();
  const bool plain = !name.empty() && name.size() <= kMaxEventTypeLength &&
                     std::all_of(name.begin(), name.end(), [](char c) {
                       return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                     });
  return plain ? name : "other";
}

http::Response verificationHandshake(const std::vector<WebhookSecrets::MetaEndpoint>& endpoints,
                                     const http::Request& request) {
  const auto mode = request.queryParam("hub.mode");
  const auto token = request.queryParam("hub.verify_token");
  const auto challenge = request.queryParam("hub.challenge");
  if (mode == "subscribe" && token && challenge) {
    for (const auto& endpoint : endpoints) {
      if (!endpoint.verify_token.empty() &&
          security::constantTimeEquals(endpoint.verify_token, *token)) {
        return http::Response::text(200, *challenge);
      }
    }
  }
  return http::Response::error(403, "forbidden", "verification token mismatch");
}

}  // namespace

void Api::registerWebhookRoutes(http::Router& router) {
  constexpr const char* kPath = "/api/v2/webhooks/whatsapp/{organizationId}";

  router.add("GET", kPath, [this](http::Request request, http::Respond respond) {
    const auto endpoints = secrets_.metaEndpoints(request.path_params.at("organizationId"));
    if (endpoints.empty()) {
      return respond(http::Response::error(404, "not_found", "no WhatsApp channel here"));
    }
    respond(verificationHandshake(endpoints, request));
  });

  // The hot path: verify, make durable, acknowledge. Parsing of events happens in the
  // WebhookProcessor, after the 200.
  router.add(
      "POST", kPath,
      [this](http::Request request, http::Respond respond) {
        const std::string organization_id = request.path_params.at("organizationId");
        const auto endpoints = secrets_.metaEndpoints(organization_id);
        if (endpoints.empty()) {
          return respond(http::Response::error(404, "not_found", "no WhatsApp channel here"));
        }
        // Verify the raw bytes before anything reads them.
        if (!signedByOrganization(endpoints, request)) {
          spdlog::warn("webhook rejected: bad or missing signature (request {})",
                       request.request_id);
          return respond(
              http::Response::error(401, "invalid_signature", "signature verification failed"));
        }
        auto document = dto::parseJsonObject(request.body);
        if (!document) {
          return respond(
              http::Response::error(400, document.error().code, document.error().message));
        }

        storage::WebhookLogRecord record;
        record.organization_id = organization_id;
        record.provider = "meta";
        record.event_type = eventType(*document);
        record.payload_hash = security::sha256Hex(request.body);
        record.payload = std::move(request.body);
        record.received_at = services_.clock.now();
        services_.store.appendWebhookAsync(
            std::move(record),
            [this, respond = std::move(respond)](Result<storage::WebhookAppend> appended) {
              if (!appended) {
                spdlog::error("webhook not stored: {}", appended.error().message);
                return respond(errorResponse(appended.error()));
              }
              if (*appended == storage::WebhookAppend::Inserted) {
                services_.webhook_processor.notify();
              }
              const json body = {{"status", "success"},
                                 {"processedAt", formatIso8601(services_.clock.now())},
                                 {"duplicate", *appended == storage::WebhookAppend::Duplicate}};
              respond(http::Response::json(200, body.dump()));
            });
      },
      webhookPostOptions());
}

// An unknown organization is refused from the path alone, before its body is read. The
// sender is proven only by the signature over the whole body, so the body stays counted
// against the server's budget for unauthenticated bodies (admit_authenticates is false).
http::RouteOptions Api::webhookPostOptions() {
  http::RouteOptions options;
  options.body_limit = options_.webhook_body_limit;
  options.admit = [this](const http::Request& request) -> std::optional<http::Response> {
    if (secrets_.metaEndpoints(request.path_params.at("organizationId")).empty()) {
      return http::Response::error(404, "not_found", "no WhatsApp channel here");
    }
    return std::nullopt;
  };
  return options;
}

}  // namespace mensajero::api
