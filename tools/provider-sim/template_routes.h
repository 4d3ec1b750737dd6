#pragma once

#include "http/router.h"
#include "sim_context.h"

namespace mensajero::provider_sim {

// The WhatsApp Business Management API's template edge, as the gateway calls it
// (shared/reference/providers.md §1.6), and its controls (JSON in and out):
//   POST /{version}/{waba_id}/message_templates   create: {"id","status":"PENDING","category"}
//   GET  /{version}/{waba_id}/message_templates   list, ?limit= (default 25) &after=<cursor>,
//                                                 paged by paging.cursors.after + paging.next
//   GET    /_sim/templates                        {"templates":[...],"create_bodies":[...]}
//   POST   /_sim/templates                        seed {"waba_id","templates":[{"name",
//                                                 "language","category","status","body" or
//                                                 "components"}]} -> {"ids":[...]}
//   DELETE /_sim/templates                        forgets templates and knobs
//   POST   /_sim/templates/control                {"list_mode": normal|huge|bad_json|
//                                                 too_many|endless, "fail_next_create":
//                                                 {"http_status","code","message"}}
//   POST   /_sim/template-status                  sends a signed message_template_status_update
//                                                 now: {"template_id" (or "name"+"language"),
//                                                 "event","reason"?,"rejection_info"?,
//                                                 "waba_id"?} -> {"http_status","payload"}
//   POST   /_sim/template-quality                 the same for message_template_quality_update:
//                                                 {"template_id","new_quality_score",
//                                                 "previous_quality_score"?}
// Its state lives in the router's handlers. `context` must outlive the router.
void addTemplateRoutes(http::Router& router, SimContext& context);

}  // namespace mensajero::provider_sim
