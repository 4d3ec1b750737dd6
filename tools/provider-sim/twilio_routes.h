#pragma once

#include "http/router.h"
#include "sim_context.h"

namespace mensajero::provider_sim {

// Twilio's Messaging API as the gateway calls it:
//   POST /2010-04-01/Accounts/{AccountSid}/Messages.json  (form: To, From | MessagingServiceSid,
//        Body, StatusCallback) -> 201 {"sid":"SM...","status":"queued",...}
//   GET  /2010-04-01/Accounts/{AccountSid}.json           -> 200 the account resource
// Both need HTTP Basic auth with the configured account sid and auth token (else 401, code
// 20003) and honour Twilio's own failure knobs (/_sim/twilio/control). Errors have Twilio's
// shape {code, message, more_info, status}. Control routes:
//   GET|DELETE /_sim/twilio/messages, GET|POST /_sim/twilio/control,
//   GET|POST /_sim/twilio/account.
// `context` must outlive the router.
void addTwilioRoutes(http::Router& router, SimContext& context);

// {"code","message","more_info","status"}
std::string twilioErrorBody(int code, std::string_view message, unsigned http_status);

}  // namespace mensajero::provider_sim
