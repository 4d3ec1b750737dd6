#pragma once

#include "common/result.h"

struct pg_conn;
struct pg_result;

namespace mensajero::storage::postgres {

// The code of a serialization failure or deadlock (SQLSTATE 40001, 40P01), or of a prepared
// statement the server forgot (26000): the transaction is retried from the start. Callers outside
// the retry loop see "db_unavailable" instead.
inline constexpr const char* kRetryTransactionCode = "db_retry_transaction";

// Translates a failed statement into our categories, so nothing above storage sees a SQLSTATE,
// with the codes the SQLite store uses:
// - a lost or refused connection, SQLSTATE class 08, 57P01-57P03 (shutdown), 57014
//   (cancelled), 25006 (a read-only standby after failover), classes 53 and 58, 55P03 ->
//   Unavailable "db_unavailable";
// - class 23 (unique, foreign key, check, not null) -> Conflict "db_conflict";
// - class 22 (a value the column cannot hold) -> Invalid "invalid_record";
// - 40001, 40P01 and 26000 (a prepared statement the server no longer knows) ->
//   Unavailable kRetryTransactionCode;
// - anything else -> Internal "db_error".
// Messages never carry a row's values: PostgreSQL's DETAIL (which quotes them) is dropped,
// and so is the primary message of class 22, which may quote the offending input.
// `result` may be null (libpq could not even build one); `conn` must not be.
Error statementError(const pg_result* result, const pg_conn* conn);

// Unavailable "db_unavailable" for a connection that could not be opened or was lost, with
// libpq's message (host and port, never the password).
Error connectionError(const pg_conn* conn);

}  // namespace mensajero::storage::postgres
