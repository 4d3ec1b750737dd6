#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"

namespace mensajero::storage::postgres {

// Up to `size` connections to one database, opened when first needed. A connection that
// broke, or comes back inside a transaction, is closed instead of returned; its slot opens a
// fresh connection on a later acquire(), so the pool heals after the server restarts.
// Thread-safe.
class ConnectionPool {
 public:
  // Gives the connection back to the pool on destruction.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<PgConnection> db)
        : pool_(&pool), db_(std::move(db)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    PgConnection& operator*() const { return *db_; }
    PgConnection* operator->() const { return db_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<PgConnection> db_;
  };

  // `wait` bounds how long acquire() waits for a busy pool.
  ConnectionPool(std::string conninfo, int size, std::chrono::milliseconds wait);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // An idle connection, or a new one while the pool is below its size. Unavailable when a new
  // connection cannot be opened, or none comes free within the wait.
  Result<Lease> acquire();

 private:
  void release(std::unique_ptr<PgConnection> db);

  const std::string conninfo_;
  const int size_;
  const std::chrono::milliseconds wait_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mutex_
  int open_ = 0;  // idle plus lent plus being opened; guarded by mutex_
};

}  // namespace mensajero::storage::postgres
