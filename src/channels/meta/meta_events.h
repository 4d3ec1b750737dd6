#pragma once

#include "channels/meta/meta_webhook.h"
#include "channels/webhook_events.h"

namespace mensajero::channels::meta {

// Meta's webhook in the gateway's neutral vocabulary: statuses mapped onto sent | delivered |
// read | failed ("played" counts as read, other steps are left out), error codes as
// "meta_<code>", inbound messages with their kind (meta_inbound_kinds.h). Ids and texts are
// passed on as Meta sent them; bounding them is core's (core/webhook_work.h).
WebhookEvents toWebhookEvents(const MetaWebhook& webhook);

}  // namespace mensajero::channels::meta
