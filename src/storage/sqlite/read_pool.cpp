#include "storage/sqlite/read_pool.h"

#include <utility>

#include <algorithm>

namespace mensajero::storage::sqlite {

ReadPool::Lease::~Lease() {
  if (db_ != nullptr) pool_->release(db_);
}

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), db_(std::exchange(other.db_, nullptr)) {}

Result<std::unique_ptr<ReadPool>> ReadPool::open(const std::string& path, int size,
                                                 int busy_timeout_ms) {
  std::unique_ptr<ReadPool> pool(new ReadPool());
  for (int i = 0; i < std::max(size, 1); ++i) {
    auto db = Connection::open(path, Connection::Mode::Reader, busy_timeout_ms);
    if (!db) return db.error();
    pool->idle_.push_back(db->get());
    pool->connections_.push_back(std::move(*db));
  }
  return pool;
}

ReadPool::Lease ReadPool::acquire() {
  std::unique_lock lock(mutex_);
  idle_changed_.wait(lock, [this] { return !idle_.empty(); });
  Connection* db = idle_.back();
  idle_.pop_back();
  return Lease(*this, db);
}

void ReadPool::release(Connection* db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(db);
  }
  idle_changed_.notify_one();
}

}  // namespace mensajero::storage::sqlite
