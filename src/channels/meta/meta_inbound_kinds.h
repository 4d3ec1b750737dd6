#pragma once

#include "channels/meta/meta_webhook.h"
#include "channels/webhook_events.h"

namespace mensajero::channels::meta {

// Files a Meta message that is not a patient's text as one of channels/inbound_kinds.h: sets
// message.kind, related_external_id, code, detail and new_sender. A patient's message (text,
// media, interactive, ...) keeps an empty kind. A message with errors[] and no text is an
// error event; type "unsupported"/"unknown" is unsupported whatever its errors say.
void classifyMetaInbound(const MetaInbound& inbound, InboundMessage& message);

}  // namespace mensajero::channels::meta
