#include "api/api.h"

#include "api/error_response.h"

namespace mensajero::api {

Api::Api(ApiServices services, ApiOptions options)
    : services_(services),
      options_(options),
      authenticator_(services.store, services.clock,
                     {.failures_per_minute = options.auth_failures_per_minute,
                      .block_ms = options.auth_block_ms}),
      caller_limits_(options.api_requests_per_second, options.api_burst, services.clock),
      secrets_(services.store) {}

void Api::registerRoutes(http::Router& router) {
  registerMessageRoutes(router);
  registerConversationRoutes(router);
  registerWebhookRoutes(router);
  registerHealthRoutes(router);
  registerChannelRoutes(router);
}

}  // namespace mensajero::api

namespace mensajero::api {

http::BlockingHandler Api::authenticated(security::Scope scope, CallerHandler handler) {
  return [this, scope, handler = std::move(handler)](const http::Request& request) {
    auto caller = authenticator_.authenticate(request);
    if (!caller) return errorResponse(caller.error());
    const auto admission = caller_limits_.admit(*caller);
    if (!admission.allowed) return caller_limits_.refusal(admission);
    http::Response response =
        caller->scopes.has(scope)
            ? handler(request, *caller)
            : http::Response::error(
                  403, "insufficient_scope",
                  "this API key lacks the '" + std::string(security::toString(scope)) + "' scope");
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

}  // namespace mensajero::api
