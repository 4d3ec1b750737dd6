#pragma once

#include <utility>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/pg_error.h"

namespace mensajero::storage::postgres {

enum class Access {
  ReadWrite,     // READ COMMITTED; writers serialise on row locks and unique indexes
  ReadSnapshot,  // REPEATABLE READ, READ ONLY: every statement sees the same snapshot
};

// Serialization failures and deadlocks are retried this many times in all.
inline constexpr int kTransactionAttempts = 5;

// BEGIN on `db`. A pooled connection may have died while idle (the server restarted): when
// BEGIN finds it broken, it reconnects once and begins again, since nothing was done yet.
Status beginTransaction(PgConnection& db, Access access);
// COMMIT. Fails (after rolling back) when a statement had already aborted the transaction.
Status commitTransaction(PgConnection& db);
// ROLLBACK, best effort: a connection that cannot roll back is discarded by the pool.
void rollbackTransaction(PgConnection& db);
// Whether a transaction that failed with `error` on attempt `attempt` runs again.
bool retryTransaction(const Error& error, int attempt);
// The error a caller sees: a retry code that ran out of attempts becomes "db_unavailable".
Error finalTransactionError(Error error);

// Runs `fn(PgConnection&) -> Result<T>` in one transaction and commits when it succeeds.
// On a serialization failure or deadlock the whole function runs again (so it must derive
// everything from the database and its arguments), up to kTransactionAttempts; past that the
// caller gets Unavailable "db_unavailable". A failure of `fn` rolls everything back.
template <typename T, typename Fn>
Result<T> inTransaction(PgConnection& db, Fn&& fn, Access access = Access::ReadWrite) {
  for (int attempt = 1;; ++attempt) {
    if (Status begun = beginTransaction(db, access); !begun) return begun.error();
    Result<T> result = fn(db);
    if (!result.ok()) {
      rollbackTransaction(db);
      if (retryTransaction(result.error(), attempt)) continue;
      return finalTransactionError(result.error());
    }
    Status committed = commitTransaction(db);
    if (committed.ok()) return result;
    if (retryTransaction(committed.error(), attempt)) continue;
    return finalTransactionError(committed.error());
  }
}

// Runs a read `fn(PgConnection&) -> Result<T>` outside a transaction; when the connection
// turns out to be broken (it died while idle in the pool), reconnects and runs it once more.
template <typename T, typename Fn>
Result<T> withReconnect(PgConnection& db, Fn&& fn) {
  Result<T> result = fn(db);
  if (result.ok() || !db.broken()) return result;
  if (Status reconnected = db.reconnect(); !reconnected) return reconnected.error();
  return fn(db);
}

}  // namespace mensajero::storage::postgres
