#pragma once

#include "storage/records.h"

// What applying one parsed webhook event came to, in either store, and how it is counted.
namespace mensajero::storage::common {

enum class StatusOutcome { Applied, Ignored, Unmatched, Refused };

// Recorded: an event that is not a message (kind set) went to inbound_events.
enum class InboundOutcome { Inserted, Duplicate, Recorded };

void count(StatusOutcome outcome, WebhookApplyCounts& counts);
void count(InboundOutcome outcome, WebhookApplyCounts& counts);

}  // namespace mensajero::storage::common
