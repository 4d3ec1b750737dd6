#pragma once

#include "common/result.h"
#include "storage/common/webhook_outcomes.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// The parsed events of a webhook, applied one at a time inside the caller's transaction.
// Each remembers its event_key (when not empty) in webhook_events with `seen_at`, and an
// event whose key is already there changes nothing. The key is remembered with
// INSERT ... ON CONFLICT DO NOTHING, so two processes applying the same event agree on which
// one applied it: the second waits for the first to commit and then sees the key.
namespace mensajero::storage::postgres {

using common::StatusOutcome;

// Moves the matched outbound message forward only: pending < sent < delivered < read; failed
// only from pending or sent, and terminal. Moving up fills the skipped earlier timestamps with
// the event's time. Matched by external_id, else by message_id (then external_id is filled);
// the message's row stays locked until the transaction ends. Only messages of
// event.organization_id match; Refused (nothing written) when the event names another
// organization's message. An unmatched or refused event does not remember its key: its message
// may still appear. Keys are remembered per organization.
Result<StatusOutcome> applyStatusEvent(PgConnection& db, const StatusEvent& event,
                                       UnixMillis seen_at);

using common::InboundOutcome;

// Stores the message in the conversation of (organization, channel_type, channel_identifier),
// creating the patient and conversation on first contact. Duplicate when its key or its
// external_id was seen before (the partial unique index on inbound external_id decides races).
Result<InboundOutcome> applyInboundEvent(PgConnection& db, const InboundEvent& event,
                                         UnixMillis seen_at);

// Invalid when an inbound event could not be stored as given (unknown message or channel
// type, malformed ids), checked before anything is written so one bad event cannot
// half-apply a batch.
Status validateInbound(const InboundEvent& event);

}  // namespace mensajero::storage::postgres
