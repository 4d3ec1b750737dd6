#pragma once

#include <string_view>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

// Idempotency-Key claims, as the Store methods of the same names describe them. Every function
// runs inside the caller's transaction. begin is atomic across processes: the claim is an
// INSERT ... ON CONFLICT DO NOTHING on the primary key, and an existing row is decided on under
// its row lock (SELECT ... FOR UPDATE), so of concurrent claimers exactly one starts.
namespace mensajero::storage::postgres {

Result<IdempotencyOutcome> beginIdempotentRequest(PgConnection& db,
                                                  const IdempotentRequest& request);
Status completeIdempotentRequest(PgConnection& db, const IdempotencyKeyId& id, int status,
                                 std::string_view body);
Status releaseIdempotentRequest(PgConnection& db, const IdempotencyKeyId& id);
// Records the accepted message on the key; part of acceptOutbound's transaction.
Status linkIdempotencyKey(PgConnection& db, const IdempotencyKeyId& id,
                          std::string_view message_id);
// Deletes at most `limit` expired keys; the store repeats it until fewer go.
Result<int> purgeIdempotencyKeysBefore(PgConnection& db, UnixMillis cutoff, int limit);

}  // namespace mensajero::storage::postgres
