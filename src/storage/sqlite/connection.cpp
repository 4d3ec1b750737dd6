#include "storage/sqlite/connection.h"

#include <utility>

#include <sqlite3.h>

#include "storage/sqlite/sqlite_error.h"

namespace mensajero::storage::sqlite {

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, Mode mode,
                                                     int busy_timeout_ms) {
  if (sqlite3_threadsafe() == 0) {
    return makeError(ErrorCategory::Internal, "db_error",
                     "database: sqlite3 built without threads");
  }
  // NOMUTEX: each connection is confined to one thread at a time by its owner.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == Mode::Writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<Connection> db(new Connection(raw));
  if (rc != SQLITE_OK) {
    Error error = connectionError(raw, rc);
    error.category = ErrorCategory::Unavailable;
    return error;
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (mode == Mode::Writer) {
    if (Status configured = db->configureWriter(); !configured) {
      Error error = configured.error();
      error.category = ErrorCategory::Unavailable;
      return error;
    }
  }
  return db;
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close_v2(db_);
}

Status Connection::configureWriter() {
  // journal_mode answers the mode it ended in; anything but "wal" means WAL is impossible
  // here (e.g. a network filesystem), and parallel readers would then block the writer.
  auto mode = prepare("PRAGMA journal_mode=WAL");
  if (!mode) return mode.error();
  auto row = mode->next();
  if (!row) return row.error();
  if (!*row || mode->text(0) != "wal") {
    return makeError(ErrorCategory::Unavailable, "db_unavailable",
                     "database: cannot enable WAL journal mode");
  }
  // FULL syncs the WAL on every commit: a reported success survives power loss.
  // The writer is the only connection that changes the file, so its page cache stays valid
  // from one transaction to the next: 16 MiB (SQLite's default is 2) keeps the indexes' upper
  // levels and the tables' last pages there instead of read back from the kernel per batch.
  return execute("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384;");
}

Result<Statement> Connection::prepare(std::string_view sql) {
  if (auto it = cache_.find(sql); it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(it->second.stmt, &it->second.in_use);
  }
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return connectionError(db_, rc);
  if (cache_.contains(sql)) return Statement(stmt, nullptr);
  auto it = cache_.emplace(std::string(sql), CachedStatement{stmt, true}).first;
  return Statement(stmt, &it->second.in_use);
}

Status Connection::execute(const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  Error error = translateError(rc, message != nullptr ? message : "exec");
  sqlite3_free(message);
  return error;
}

bool Connection::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

void Connection::onWalCommit(std::function<bool(int wal_pages)> grew) {
  wal_grew_ = std::move(grew);
  // Installing a WAL hook turns SQLite's automatic checkpoint off (it is a WAL hook itself).
  sqlite3_wal_hook(db_, &Connection::walHook, this);
}

int Connection::walHook(void* self, sqlite3* db, const char* name, int pages) {
  auto* connection = static_cast<Connection*>(self);
  if (connection->wal_grew_ && connection->wal_grew_(pages)) {
    // As SQLite's own automatic checkpoint does from this hook; a busy result is harmless.
    (void)sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

Status Connection::checkpointPassive() {
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) return {};
  return connectionError(db_, rc);
}

Result<ReadSnapshot> ReadSnapshot::begin(Connection& db) {
  auto begin = db.prepare("BEGIN");
  if (!begin) return begin.error();
  if (Status started = begin->run(); !started) return started.error();
  return ReadSnapshot(&db);
}

ReadSnapshot::~ReadSnapshot() {
  if (db_ == nullptr) return;
  // A read transaction has nothing to lose: COMMIT only releases the snapshot.
  if (auto commit = db_->prepare("COMMIT")) {
    (void)commit->run();
  }
}

ReadSnapshot::ReadSnapshot(ReadSnapshot&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)) {}

}  // namespace mensajero::storage::sqlite
