#include "storage/sqlite/sqlite_error.h"

#include <string>

#include <sqlite3.h>

namespace mensajero::storage::sqlite {

Error translateError(int rc, std::string_view detail) {
  // Codes are backend-neutral so the PostgreSQL store can report the same ones.
  std::string message = "database: ";
  message.append(detail);
  message.append(" (").append(sqlite3_errstr(rc)).append(")");
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
      return makeError(ErrorCategory::Unavailable, "db_unavailable", std::move(message));
    case SQLITE_CONSTRAINT:
      return makeError(ErrorCategory::Conflict, "db_conflict", std::move(message));
    default:
      return makeError(ErrorCategory::Internal, "db_error", std::move(message));
  }
}

Error connectionError(sqlite3* db, int rc) {
  // sqlite3_errmsg names tables and columns, never bound values, so it carries no PHI.
  return translateError(rc, db != nullptr ? sqlite3_errmsg(db) : "no connection");
}

}  // namespace mensajero::storage::sqlite
