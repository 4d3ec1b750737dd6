#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/sqlite/connection.h"

namespace mensajero::storage::sqlite {

// A fixed set of read-only connections. WAL lets them read in parallel with each other and
// with the writer. Thread-safe; acquire() blocks while every connection is lent out.
class ReadPool {
 public:
  // Returns a connection to the pool on destruction.
  class Lease {
   public:
    Lease(ReadPool& pool, Connection* db) : pool_(&pool), db_(db) {}
    ~Lease();
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Connection& operator*() const { return *db_; }
    Connection* operator->() const { return db_; }

   private:
    ReadPool* pool_;
    Connection* db_;
  };

  // Opens `size` readers on an existing WAL database. Unavailable when one cannot be opened.
  static Result<std::unique_ptr<ReadPool>> open(const std::string& path, int size,
                                                int busy_timeout_ms);

  Lease acquire();

 private:
  ReadPool() = default;
  void release(Connection* db);

  std::mutex mutex_;
  std::condition_variable idle_changed_;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::vector<Connection*> idle_;  // guarded by mutex_
};

}  // namespace mensajero::storage::sqlite
