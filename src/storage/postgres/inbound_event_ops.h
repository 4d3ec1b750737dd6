#pragma once

#include <string>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// Inbound senders known by a user id, and inbound events that are not messages (schema v6).
// Run inside the caller's transaction. As sqlite/inbound_event_ops.h.
namespace mensajero::storage::postgres {

// The conversation an inbound event belongs to, created with a patient from `patient` when
// there is none. Without a user id: the conversation of event.channel_identifier. With a user
// id and no phone: the conversation linked to that user id, else "user:<id>"'s. With both: the
// phone number's, and a "user:<id>" conversation linked before is merged into it (its
// messages and events move, it is archived with metadata {"mergedInto": id}); the user id
// then links to the phone number's conversation.
Result<std::string> resolveSenderConversation(PgConnection& db, const InboundEvent& event,
                                              const PatientRecord& patient);

// Records `event` (kind not empty) in inbound_events and applies it: a reaction updates the
// reactions of the organization's message it names, an edit replaces the text of the
// inbound message it names and keeps the previous text in its metadata, a revoke is linked to
// the inbound message it names (whose text stays), a number change
// moves the conversation's patient (and the conversation, unless the new number has one) to
// the new number. False when the event was recorded before (nothing changes).
Result<bool> recordInboundEvent(PgConnection& db, const InboundEvent& event,
                                const std::string& conversation_id);

}  // namespace mensajero::storage::postgres
