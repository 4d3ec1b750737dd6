#pragma once

#include "storage/records.h"

namespace mensajero::core {

// Turns one stored Meta webhook into the events the store applies: statuses keyed
// "meta:<wamid>:<status>", inbound messages keyed "meta:<wamid>" and matched to
// conversations by whatsappKey(wa_id). A body that does not parse yields no events and
// status "error" with the parser's message, so a poisoned row never blocks the queue.
// Every event carries the log's organization and the phone_number_id it names; which of
// them the organization may apply is keepOrganizationEvents' (webhook_tenancy.h) decision.
storage::WebhookWork buildMetaWork(const storage::WebhookLogRecord& log, UnixMillis now);

}  // namespace mensajero::core
