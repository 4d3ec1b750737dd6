#pragma once

#include "channels/meta/meta_webhook.h"
#include "storage/records.h"

namespace mensajero::core {

// Files a Meta message that is not a patient's text as one of core/inbound_kinds.h: sets
// event.kind, related_external_id, code and detail. A patient's message (text, media,
// interactive, ...) keeps an empty kind. A message with errors[] and no text is an error
// event; type "unsupported"/"unknown" is unsupported whatever its errors say.
void classifyMetaInbound(const channels::meta::MetaInbound& inbound, storage::InboundEvent& event);

}  // namespace mensajero::core
