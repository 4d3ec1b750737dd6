#include "storage/postgres/connection_pool.h"

#include <utility>

namespace mensajero::storage::postgres {

ConnectionPool::Lease::~Lease() {
  if (db_ != nullptr) pool_->release(std::move(db_));
}

ConnectionPool::ConnectionPool(std::string conninfo, int size, std::chrono::milliseconds wait)
    : conninfo_(std::move(conninfo)), size_(size), wait_(wait) {}

ConnectionPool::~ConnectionPool() = default;

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  {
    std::unique_lock lock(mutex_);
    const bool available =
        changed_.wait_for(lock, wait_, [this] { return !idle_.empty() || open_ < size_; });
    if (!available) {
      return makeError(ErrorCategory::Unavailable, "db_unavailable",
                       "database: every pooled connection is busy");
    }
    if (!idle_.empty()) {
      std::unique_ptr<PgConnection> db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
    ++open_;  // reserves the slot while connecting outside the lock
  }
  auto opened = PgConnection::open(conninfo_);
  if (!opened) {
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    changed_.notify_one();
    return opened.error();
  }
  return Lease(*this, std::move(*opened));
}

void ConnectionPool::release(std::unique_ptr<PgConnection> db) {
  // A connection left inside a transaction would hand its locks and half-done work to the
  // next caller; closing it rolls that back on the server.
  const bool reusable = !db->broken() && db->idle();
  if (!reusable) db.reset();
  {
    std::lock_guard lock(mutex_);
    if (reusable) {
      idle_.push_back(std::move(db));
    } else {
      --open_;
    }
  }
  changed_.notify_one();
}

}  // namespace mensajero::storage::postgres
