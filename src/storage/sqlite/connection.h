#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.h"
#include "storage/sqlite/statement.h"

struct sqlite3;
struct sqlite3_stmt;

namespace mensajero::storage::sqlite {

// One SQLite connection with its cache of prepared statements. Not thread-safe: it belongs to
// one thread at a time (the writer thread, or a reader holding it from the ReadPool).
class Connection {
 public:
  enum class Mode {
    // Creates the file if needed; WAL, synchronous=FULL, foreign keys on.
    Writer,
    // Read-only; the file must exist and already be in WAL mode.
    Reader,
  };

  // Unavailable when the file cannot be opened or configured.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, Mode mode,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // The cached statement for `sql`, prepared on first use. When that statement is already in
  // use further up the stack, a private copy is prepared instead.
  Result<Statement> prepare(std::string_view sql);
  // Runs SQL text that returns no rows (DDL, several statements allowed). Not cached.
  Status execute(const char* sql);
  // True while a transaction is open; SQLite ends one by itself after some I/O errors.
  bool inTransaction() const;

  // Replaces SQLite's automatic checkpoint: after each commit `grew` is told how many pages
  // the WAL holds; when it answers true, this connection checkpoints (PASSIVE) at once.
  // See Checkpointer.
  void onWalCommit(std::function<bool(int wal_pages)> grew);
  // Copies what it can of the WAL into the database file without waiting for any lock.
  Status checkpointPassive();

 private:
  explicit Connection(sqlite3* db);
  Status configureWriter();

  struct CachedStatement {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  static int walHook(void* self, sqlite3* db, const char* name, int pages);

  sqlite3* db_;
  std::function<bool(int)> wal_grew_;
  std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

// A read transaction: every statement inside it sees the same snapshot. Ends on destruction.
class ReadSnapshot {
 public:
  static Result<ReadSnapshot> begin(Connection& db);
  ~ReadSnapshot();
  ReadSnapshot(ReadSnapshot&& other) noexcept;
  ReadSnapshot& operator=(ReadSnapshot&&) = delete;

 private:
  explicit ReadSnapshot(Connection* db) : db_(db) {}
  Connection* db_;
};

}  // namespace mensajero::storage::sqlite
