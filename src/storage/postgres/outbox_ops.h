#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// The outbox, as the Store methods of the same names describe them. Write functions expect to
// run inside the caller's transaction. Exclusivity across processes comes from row locks:
// claims skip rows another transaction holds, and an attempt locks its message first.
namespace mensajero::storage::postgres {

Result<AcceptedMessage> acceptOutbound(PgConnection& db, const NewOutboundMessage& message);
// The batch writer's accept, in the caller's transaction: every message with no conversation or
// patient id and no idempotency key whose conversation is found with its patient or created
// with a new one, all in one statement (acceptTogether, accept_batch.h). Per message, in order:
// its outcome (accepted, or refused as invalid, having written nothing), or nullopt for one
// that statement left, which acceptOutbound must write in a transaction of its own. An error
// (a failed statement, a deadlock, a lost connection) leaves the transaction to be rolled back.
Result<std::vector<std::optional<Result<AcceptedMessage>>>> acceptOutbounds(
    PgConnection& db, const std::vector<NewOutboundMessage*>& messages);
Result<std::optional<MessageRecord>> findMessage(PgConnection& db, std::string_view id);
Result<std::vector<MessageRecord>> claimDueOutbound(
    PgConnection& db, UnixMillis now, int limit, std::string_view owner, UnixMillis lease_until,
    const std::vector<std::string>& skip_channel_instances);
Result<AttemptApplied> recordSendAttempt(PgConnection& db, const SendAttemptRecord& attempt);
// Appends one row to the message's attempt history (no lease check; the caller holds it).
Status insertAttemptRow(PgConnection& db, const SendAttemptRecord& attempt);
// NotFound when the message does not exist. Expects a snapshot transaction.
Result<std::string> listSendAttempts(PgConnection& db, std::string_view message_id);

// The claim statement ($1 now, $2 limit, $3 owner, $4 lease_until, $5 skipped instances), so a test
// can check that its plan walks the outbox index.
const char* claimQueryForTest();

}  // namespace mensajero::storage::postgres
