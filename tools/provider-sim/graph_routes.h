#pragma once

#include "http/router.h"
#include "sim_context.h"

namespace mensajero::provider_sim {

// Meta's Graph API as the gateway calls it:
//   POST /{version}/{phone_number_id}/messages
//   GET  /{version}/{phone_number_id}/whatsapp_business_profile
// Both honour the failure-injection state (latency, hangs, injected errors) and need
// "Authorization: Bearer <token>" (any non-empty token). An accepted message is recorded
// and its status webhooks are queued. `context` must outlive the router.
void addGraphRoutes(http::Router& router, SimContext& context);

}  // namespace mensajero::provider_sim
