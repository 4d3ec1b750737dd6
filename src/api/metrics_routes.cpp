#include <utility>

#include <string>
#include <vector>

#include "api/api.h"
#include "monitoring/exposition.h"
#include "monitoring/metrics_registry.h"
#include "security/crypto.h"

namespace mensajero::api {
namespace {

using monitoring::FamilySnapshot;
using monitoring::MetricType;

FamilySnapshot counterOf(std::string name, std::string help, double value) {
  FamilySnapshot family{std::move(name), std::move(help), MetricType::Counter, {}, {}};
  family.samples.push_back({{}, value, {}});
  return family;
}

bool scrapeAllowed(const http::Request& request, const std::string& token) {
  if (token.empty()) return true;
  const auto header = request.header("Authorization");
  if (!header) return false;
  // Digests compared in constant time: the answer's timing says nothing of the token, not even
  // its length.
  return security::constantTimeEquals(security::sha256Hex(*header),
                                      security::sha256Hex("Bearer " + token));
}

}  // namespace

// The counters components keep for themselves, read at scrape time. Global aggregates without
// ids (they were the health endpoint's extra counters before issue 12).
std::vector<FamilySnapshot> Api::componentMetrics() const {
  std::vector<FamilySnapshot> out;
  const AuthFailures& failures = authenticator_.failures();
  out.push_back(counterOf("mensajero_auth_failures_total",
                          "Failed API-key authentications (malformed, unknown or revoked key).",
                          static_cast<double>(failures.failuresTotal())));
  out.push_back(counterOf("mensajero_auth_blocked_total",
                          "Requests refused because their source address was blocked "
                          "(too_many_failed_authentications).",
                          static_cast<double>(failures.refusalsTotal())));
  const core::WebhookProcessor& processor = services_.webhook_processor;
  const auto refused = processor.refusedEvents();
  FamilySnapshot refusals{"mensajero_webhook_events_refused_total",
                          "Webhook events refused and never applied: a number that is not the "
                          "organization's (foreign_number), a status naming another "
                          "organization's message (foreign_message).",
                          MetricType::Counter,
                          {"reason"},
                          {}};
  refusals.samples.push_back({{"foreign_number"}, static_cast<double>(refused.foreign_number), {}});
  refusals.samples.push_back(
      {{"foreign_message"}, static_cast<double>(refused.foreign_message), {}});
  out.push_back(std::move(refusals));
  out.push_back(counterOf("mensajero_inbound_texts_truncated_total",
                          "Inbound texts cut to the gateway's maximum length.",
                          static_cast<double>(processor.inboundTextsTruncated())));
  FamilySnapshot dropped{"mensajero_inbound_dropped_total",
                         "Inbound events dropped, by reason (channels/inbound_kinds.h).",
                         MetricType::Counter,
                         {"reason"},
                         {}};
  for (const auto& [reason, count] : processor.inboundDropped()) {
    dropped.samples.push_back({{reason}, static_cast<double>(count), {}});
  }
  out.push_back(std::move(dropped));
  out.push_back(counterOf("mensajero_inbound_events_recorded_total",
                          "Inbound events that are not messages (reactions, edits, notices, "
                          "errors) recorded.",
                          static_cast<double>(processor.inboundEventsRecorded())));
  FamilySnapshot queued{"mensajero_dispatcher_queue_depth",
                        "Messages this instance holds for its delivery workers.",
                        MetricType::Gauge,
                        {},
                        {}};
  queued.samples.push_back({{}, static_cast<double>(services_.dispatcher.queued()), {}});
  out.push_back(std::move(queued));
  return out;
}

void Api::registerMetricsRoutes(http::Router& router) {
  metrics_collector_ =
      monitoring::defaultRegistry().addCollector([this] { return componentMetrics(); });
  // Asynchronous and without an API key: a scrape is the operator's, never a tenant's, so it
  // takes no quota and no blocking thread; every collector reads memory only (the store's
  // gauges are refreshed in the background).
  router.add("GET", "/metrics", [this](http::Request request, http::Respond respond) {
    if (!scrapeAllowed(request, options_.metrics_token)) {
      respond(http::Response::error(401, "invalid_metrics_token",
                                    "GET /metrics needs Authorization: Bearer <metrics.token>")
                  .withHeader("WWW-Authenticate", "Bearer"));
      return;
    }
    http::Response response;
    response.status = 200;
    response.content_type = std::string(monitoring::kExpositionContentType);
    response.body = monitoring::renderText(monitoring::defaultRegistry().collect());
    respond(std::move(response));
  });
}

}  // namespace mensajero::api
