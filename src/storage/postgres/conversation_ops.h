#pragma once

#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

namespace mensajero::storage::postgres {

struct ConversationKey {
  std::string_view organization_id;
  domain::ChannelType channel_type;
  std::string_view channel_identifier;
};

// The id of the conversation with `key`, created (with a patient made from `patient`) when
// there is none. On reuse the conversation's patient is created if missing, or has its empty
// name, phone and whatsapp_id filled from `patient`. Runs inside the caller's transaction;
// callers racing on one key (threads or processes) end up with the same conversation, since
// the insert yields to the unique key and reads the winner's row. NotFound
// organization_not_found when the organization does not exist.
Result<std::string> findOrCreateConversation(PgConnection& db, const ConversationKey& key,
                                             const PatientRecord& patient, UnixMillis at);

// NotFound unless conversation `id` exists and belongs to the organization. Invalid
// conversation_recipient_mismatch when `key` names a recipient (non-empty identifier) other
// than the conversation's: a message must never be filed under another patient.
Status requireConversation(PgConnection& db, const ConversationKey& key, std::string_view id);

}  // namespace mensajero::storage::postgres
