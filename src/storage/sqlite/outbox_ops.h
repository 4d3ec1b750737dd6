#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// The outbox, as the Store methods of the same names describe it. Write functions expect to
// run inside the writer's transaction; being the only writer is what makes claims exclusive.
namespace mensajero::storage::sqlite {

Result<AcceptedMessage> acceptOutbound(Connection& db, const NewOutboundMessage& message);
Result<std::optional<MessageRecord>> findMessage(Connection& db, std::string_view id);
Result<std::vector<MessageRecord>> claimDueOutbound(
    Connection& db, UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances);
Result<AttemptApplied> recordSendAttempt(Connection& db, const SendAttemptRecord& attempt);
// Appends one row to the message's attempt history (no lease check; the caller holds it).
Status insertAttemptRow(Connection& db, const SendAttemptRecord& attempt);
// NotFound when the message does not exist.
Result<std::string> listSendAttempts(Connection& db, std::string_view message_id);

// A message's priority rank exactly as idx_messages_outbox spells it: SQLite uses the index
// for a rank only when a query repeats the index's expression word for word.
#define MENSAJERO_OUTBOX_RANK "(CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END)"

// The query that picks the messages to claim (?1 now, ?2 limit, ?3 skipped instances), so a test
// can check that its plan walks the outbox index.
const char* claimQueryForTest();

}  // namespace mensajero::storage::sqlite
