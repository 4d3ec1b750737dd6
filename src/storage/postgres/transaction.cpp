#include "storage/postgres/transaction.h"

namespace mensajero::storage::postgres {

Status beginTransaction(PgConnection& db, Access access) {
  const char* begin = access == Access::ReadSnapshot
                          ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                          : "BEGIN ISOLATION LEVEL READ COMMITTED";
  Status begun = db.execute(begin);
  if (begun.ok() || !db.broken()) return begun;
  if (Status reconnected = db.reconnect(); !reconnected) return reconnected;
  return db.execute(begin);
}

Status commitTransaction(PgConnection& db) {
  // COMMIT of an aborted transaction "succeeds" by rolling back; never report that as done.
  if (db.inFailedTransaction()) {
    rollbackTransaction(db);
    return makeError(ErrorCategory::Internal, "db_error",
                     "database: transaction aborted by an earlier statement");
  }
  // Sends the deferred statements first, in the same round trip; when one of them fails the
  // server skips the COMMIT and the transaction is left aborted, so it is rolled back.
  Status committed = db.execute("COMMIT");
  if (!committed) rollbackTransaction(db);
  return committed;
}

void rollbackTransaction(PgConnection& db) {
  db.discardDeferred();
  if (!db.idle() && !db.broken()) (void)db.execute("ROLLBACK");
}

bool retryTransaction(const Error& error, int attempt) {
  return error.code == kRetryTransactionCode && attempt < kTransactionAttempts;
}

Error finalTransactionError(Error error) {
  if (error.code == kRetryTransactionCode) error.code = "db_unavailable";
  return error;
}

}  // namespace mensajero::storage::postgres
