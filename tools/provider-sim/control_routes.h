#pragma once

#include "http/router.h"
#include "sim_context.h"

namespace mensajero::provider_sim {

// The simulator's own API for tests (JSON in and out):
//   GET  /_sim/health                      {"status":"ok"}
//   GET  /_sim/messages                    {"messages":[...],"count":N}
//   DELETE /_sim/messages                  clears them
//   GET|POST /_sim/control                 failure-injection state (POST merges fields)
//   POST /_sim/reset                       control to defaults, messages and webhook counts
//                                          cleared, queued webhooks dropped
//   GET  /_sim/webhooks[?wait_idle_ms=N]   {"delivered","failed","pending","idle"}; with
//                                          wait_idle_ms, first waits (up to N ms, at most
//                                          30 s) until nothing is pending
// `context` must outlive the router.
void addControlRoutes(http::Router& router, SimContext& context);

// Webhook-related control routes:
//   GET|POST /_sim/webhook-target          where and how webhooks go (POST merges fields)
//   POST /_sim/inbound                     one signed inbound text webhook, sent now
//   POST /_sim/statuses                    signed status webhooks, sent now, in order
void addWebhookRoutes(http::Router& router, SimContext& context);

}  // namespace mensajero::provider_sim
