#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "channels/twilio/form_encoding.h"
#include "http/router.h"
#include "sim_context.h"
#include "twilio_state.h"
#include "webhook_sender.h"

// The webhooks simulated Twilio posts: status callbacks to a message's StatusCallback URL and
// inbound messages, each a form POST signed with X-Twilio-Signature exactly as Twilio signs
// (shared/reference/providers.md §2.2, §2.3, §2.5).
namespace mensajero::provider_sim {

// A form body and its X-Twilio-Signature over `url` and the fields, keyed with `auth_token`.
WebhookDelivery twilioDelivery(std::string url, std::string_view auth_token,
                               const channels::twilio::FormFields& form);

// The form of a status callback for `message` at `status` (ErrorCode added when given).
channels::twilio::FormFields statusCallbackForm(const TwilioMessage& message,
                                                const std::string& status,
                                                std::optional<int> error_code);

// Queues one signed status callback per configured status (the account's statuses and
// delays) when the message named a StatusCallback; nothing otherwise.
void scheduleTwilioStatusCallbacks(SimContext& context, const TwilioMessage& message);

// POST /_sim/twilio/statuses {sid, statuses:[...], error_code?, url?}: one signed callback
// per status, now, to the message's StatusCallback (or `url`) -> {"http_statuses":[...]}.
// POST /_sim/twilio/inbound {from, to, body, url?, sid?, profile_name?, fields?}: a signed inbound
// message, now, to `url` or the account's inbound_url -> {sid, http_status, form, signature}.
void addTwilioCallbackRoutes(http::Router& router, SimContext& context);

}  // namespace mensajero::provider_sim
