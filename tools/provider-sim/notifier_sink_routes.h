#pragma once

#include <cstdint>

#include "http/router.h"
#include "notifier_sinks.h"

namespace mensajero::provider_sim {

// Where the gateway's alert notifiers can be pointed, answering as each service does:
//   POST /_sim/sinks/slack                 Slack incoming webhook: 200 "ok"; 400 "no_text"
//                                          without text or blocks
//   POST /_sim/sinks/pagerduty/v2/enqueue  PagerDuty Events API v2: 202 {"status":"success",
//                                          "message":"Event processed","dedup_key"}; 400
//                                          {"status":"invalid event",...} for a malformed event
//   POST /_sim/sinks/webhook               the generic signed webhook: 200 {"received":true}
// and the control side:
//   GET    /_sim/sinks/{name}              what was received (slack, pagerduty, webhook, email):
//                                          each item has received_at, headers (names lower case)
//                                          and body (the raw text) and json (parsed) for HTTP
//                                          sinks; mail_from, rcpt_to, data, headers, body for
//                                          email; plus smtp_port for email
//   DELETE /_sim/sinks/{name}              clears it (and its knobs)
//   POST   /_sim/sinks/{name}/control      {"fail_next": N, "http_status": S}: the next N calls
//                                          fail with S (default 500; email answers SMTP 451)
// `sinks` must outlive the router; `smtp_port` is 0 when no SMTP sink runs.
void addNotifierSinkRoutes(http::Router& router, NotifierSinks& sinks,
                           const std::uint16_t& smtp_port);

}  // namespace mensajero::provider_sim
