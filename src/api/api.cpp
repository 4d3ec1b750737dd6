#include "api/api.h"

#include "api/error_response.h"

namespace mensajero::api {
namespace {

http::Response insufficientScope(security::Scope scope) {
  return http::Response::error(
      403, "insufficient_scope",
      "this API key lacks the '" + std::string(security::toString(scope)) + "' scope");
}

}  // namespace

Api::Api(ApiServices services, ApiOptions options)
    : services_(services),
      options_(options),
      authenticator_(services.store, services.clock,
                     {.failures_per_minute = options.auth_failures_per_minute,
                      .block_ms = options.auth_block_ms}),
      caller_limits_(options.api_requests_per_second, options.api_burst, services.clock),
      endpoints_(services.store, services.providers),
      concurrency_(options.max_concurrent_per_organization),
      sends_(services.store, services.sender, services.dispatcher, services.clock,
             {.send_wait_ms = options.send_wait_ms, .lease_ms = options.lease_ms},
             renderSendAnswer) {}

void Api::stop() { sends_.stop(); }

void Api::registerRoutes(http::Router& router) {
  registerMessageRoutes(router);
  registerConversationRoutes(router);
  registerWebhookRoutes(router);
  registerHealthRoutes(router);
  registerChannelRoutes(router);
  registerTemplateSyncRoutes(router);
  registerTemplateRoutes(router);
  registerMediaRoutes(router);
  registerProbeRoutes(router);
  registerHealthHistoryRoutes(router);
  registerMetricsRoutes(router);
}

}  // namespace mensajero::api

namespace mensajero::api {

http::BlockingHandler Api::authenticated(security::Scope scope, CallerHandler handler) {
  return [this, scope, handler = std::move(handler)](const http::Request& request) {
    auto caller = authenticator_.authenticate(request);
    if (!caller) return errorResponse(caller.error());
    const auto admission = caller_limits_.admit(*caller);
    if (!admission.allowed) return caller_limits_.refusal(admission);
    if (!caller->scopes.has(scope)) return insufficientScope(scope);
    const auto slot = concurrency_.tryEnter(caller->organization_id);
    if (!slot) return OrganizationConcurrency::refusal();
    http::Response response = handler(request, *caller);
    caller_limits_.annotate(response, admission);
    return response;
  };
}

}  // namespace mensajero::api

namespace mensajero::api {

http::RouteOptions Api::apiKeyRoute() {
  http::RouteOptions options;
  options.admit = [this](const http::Request& request) -> std::optional<http::Response> {
    auto caller = authenticator_.authenticate(request);
    if (!caller) return errorResponse(caller.error());
    return std::nullopt;
  };
  options.admit_blocks = true;  // a key not in the cache is looked up in the store
  options.admit_authenticates = true;
  return options;
}

http::DeferredHandler Api::authenticatedDeferred(security::Scope scope,
                                                 DeferredCallerHandler handler) {
  return [this, scope, handler = std::move(handler)](
             const http::Request& request, http::Respond respond, http::RunBlocking resume) {
    auto caller = authenticator_.authenticate(request);
    if (!caller) return respond(errorResponse(caller.error()));
    const auto admission = caller_limits_.admit(*caller);
    if (!admission.allowed) return respond(caller_limits_.refusal(admission));
    if (!caller->scopes.has(scope)) return respond(insufficientScope(scope));
    auto slot = concurrency_.tryEnter(caller->organization_id);
    if (!slot) return respond(OrganizationConcurrency::refusal());
    http::Respond annotated = [this, admission,
                               respond = std::move(respond)](http::Response response) {
      caller_limits_.annotate(response, admission);
      respond(std::move(response));
    };
    handler(request, *caller, std::move(annotated), std::move(resume),
            std::make_shared<OrganizationConcurrency::Slot>(std::move(*slot)));
  };
}

}  // namespace mensajero::api
