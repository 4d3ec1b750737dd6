#pragma once

#include <optional>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::delivery {

// Why a template message must not go out on WhatsApp now, or nullopt. Meta may pause or
// disable a template (and an operator may disable it) between the send's acceptance and its
// attempt; such a message then fails with Fallback template_not_approved (its plan's next
// channel takes the rendered text when there is one) instead of reaching Meta. Only WhatsApp
// steps are gated: SMS and the other channels send the rendered text, no template. One read
// of the channel instance and one of the template per attempt of a template message.
std::optional<Error> templateGate(storage::Store& store, const storage::MessageRecord& message);

}  // namespace mensajero::delivery
