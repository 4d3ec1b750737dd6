#pragma once

#include "channels/provider.h"
#include "storage/records.h"

namespace mensajero::core {

// Turns one stored webhook into the work the store applies, through its provider's parser
// (channels/webhook_events.h) and the provider-neutral rules here: statuses keyed
// "<provider>:<external id>:<status>", inbound messages keyed "<provider>:<external id>" and
// matched to conversations by their channel type's key (WhatsApp: whatsappKey of the sender;
// otherwise the address as given; a sender known only by a user id: "user:<id>"). Ids must
// fit 100 characters and hold no NUL, else the event is skipped (statuses) or dropped with a
// reason (inbound); NULs are stripped from free text.
//
// A body that does not parse, or a row of a provider this build does not have (`provider`
// null), yields no events and status "error" with a message, so a poisoned row never blocks
// the queue. Every event carries the log's organization and the number id it names; which of
// them the organization may apply is keepOrganizationEvents' (webhook_tenancy.h) decision.
storage::WebhookWork buildWebhookWork(const channels::Provider* provider,
                                      const storage::WebhookLogRecord& log, UnixMillis now);

}  // namespace mensajero::core
