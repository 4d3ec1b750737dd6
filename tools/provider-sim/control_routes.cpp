#include "control_routes.h"

#include <utility>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "request_json.h"

namespace mensajero::provider_sim {
namespace {

// Control calls are quick and never block, so they answer on the I/O thread.
using Quick = std::function<http::Response(const http::Request&)>;

constexpr long long kMaxIdleWaitMs = 30'000;

http::Handler quick(Quick handler) {
  return [handler = std::move(handler)](http::Request request, http::Respond respond) {
    respond(handler(request));
  };
}

http::Response updateControl(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> patch = parseObject(request.body);
  if (!patch.ok()) {
    return errorResponse(patch.error());
  }
  Result<FailureControl> updated = context.state.updateControl(patch.value());
  if (!updated.ok()) {
    return errorResponse(updated.error());
  }
  return jsonResponse(updated->toJson());
}

http::Response webhookCounts(SimContext& context, const http::Request& request) {
  const std::optional<std::string> wait = request.queryParam("wait_idle_ms");
  bool idle = true;
  if (wait) {
    char* end = nullptr;
    const long long ms = std::strtoll(wait->c_str(), &end, 10);
    if (wait->empty() || *end != '\0' || ms < 0) {
      return http::Response::error(400, "invalid_request", "wait_idle_ms must be milliseconds");
    }
    idle = context.webhooks.waitIdle(std::chrono::milliseconds(std::min(ms, kMaxIdleWaitMs)));
  }
  nlohmann::json counts = context.webhooks.counts().toJson();
  counts["idle"] = idle && counts["pending"] == 0;
  return jsonResponse(counts);
}

}  // namespace

void addControlRoutes(http::Router& router, SimContext& context) {
  SimContext* ctx = &context;
  router.add("GET", "/_sim/health", quick([](const http::Request&) {
               return jsonResponse({{"status", "ok"}});
             }));
  router.add("GET", "/_sim/messages", quick([ctx](const http::Request&) {
               return jsonResponse(ctx->state.messagesJson());
             }));
  router.add("DELETE", "/_sim/messages", quick([ctx](const http::Request&) {
               ctx->state.clearMessages();
               return jsonResponse(ctx->state.messagesJson());
             }));
  router.add("GET", "/_sim/control", quick([ctx](const http::Request&) {
               return jsonResponse(ctx->state.control().toJson());
             }));
  router.add("POST", "/_sim/control",
             quick([ctx](const http::Request& request) { return updateControl(*ctx, request); }));
  router.add("POST", "/_sim/reset", quick([ctx](const http::Request&) {
               ctx->state.reset();
               ctx->twilio.reset();
               ctx->webhooks.reset();
               return jsonResponse({{"control", ctx->state.control().toJson()},
                                    {"webhooks", ctx->webhooks.counts().toJson()}});
             }));
  // Blocking because ?wait_idle_ms=N waits (up to 30 s) for pending deliveries to finish.
  router.addBlocking("GET", "/_sim/webhooks",
                     [ctx](const http::Request& request) { return webhookCounts(*ctx, request); });
}

}  // namespace mensajero::provider_sim
