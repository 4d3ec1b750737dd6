#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

namespace mensajero::storage::postgres {

// The accept writer's common cases for a whole batch in one statement, in the caller's
// transaction. Every message must be valid and have no conversation id, patient id or
// idempotency key. Per message, in order: the accepted message, or nullopt for one the
// statement left (see accept_batch.cpp), which acceptOutbound must write in a transaction of
// its own. An error (a failed statement, a deadlock, a lost connection) leaves the transaction
// to be rolled back.
Result<std::vector<std::optional<AcceptedMessage>>> acceptTogether(
    PgConnection& db, const std::vector<const NewOutboundMessage*>& messages);

}  // namespace mensajero::storage::postgres
