#include "api/api.h"

namespace mensajero::api {

Api::Api(ApiServices services, ApiOptions options)
    : services_(services),
      options_(options),
      authenticator_(services.store, services.clock),
      secrets_(services.store) {}

void Api::registerRoutes(http::Router& router) {
  registerMessageRoutes(router);
  registerConversationRoutes(router);
  registerWebhookRoutes(router);
  registerHealthRoutes(router);
  registerChannelRoutes(router);
}

}  // namespace mensajero::api
