#pragma once

#include <string_view>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

// Idempotency-Key claims, as the Store methods of the same names describe them. Every
// function runs inside the writer's transaction: the single writer makes begin atomic.
namespace mensajero::storage::sqlite {

Result<IdempotencyOutcome> beginIdempotentRequest(Connection& db, const IdempotentRequest& request);
Status completeIdempotentRequest(Connection& db, const IdempotencyKeyId& id, int status,
                                 std::string_view body);
Status releaseIdempotentRequest(Connection& db, const IdempotencyKeyId& id);
// Records the accepted message on the key; part of acceptOutbound's transaction.
Status linkIdempotencyKey(Connection& db, const IdempotencyKeyId& id, std::string_view message_id);
Result<int> purgeIdempotencyKeysBefore(Connection& db, UnixMillis cutoff);

}  // namespace mensajero::storage::sqlite
