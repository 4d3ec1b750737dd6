#include "storage/sqlite/write_queue.h"

#include <utility>

#include "common/thread_name.h"

namespace mensajero::storage::sqlite {
namespace {

Error unavailable(std::string message) {
  return makeError(ErrorCategory::Unavailable, "db_unavailable", std::move(message));
}

}  // namespace

WriteQueue::WriteQueue(std::unique_ptr<Connection> db, std::size_t max_queued)
    : db_(std::move(db)), max_queued_(max_queued) {
  batch_.reserve(kMaxBatch);
  outcomes_.reserve(kMaxBatch);
  thread_ = std::thread([this] {
    nameThisThread("sqlite-writer");
    loop();
  });
}

WriteQueue::~WriteQueue() { close(); }

void WriteQueue::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WriteQueue::submit(std::unique_ptr<WriteOp> op) {
  bool closing = false;
  {
    std::lock_guard lock(mutex_);
    closing = stopping_;
    if (!closing && queue_.size() < max_queued_) queue_.push_back(std::move(op));
  }
  if (op == nullptr) {
    work_ready_.notify_one();
    return;
  }
  op->complete(
      unavailable(closing ? "database: store is closing" : "database: write queue is full"));
}

void WriteQueue::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been applied
      while (!queue_.empty() && batch_.size() < kMaxBatch) {
        batch_.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    commitBatch();
    batch_.clear();
  }
}

void WriteQueue::commitBatch() {
  outcomes_.clear();
  if (Status begun = runStatement("BEGIN IMMEDIATE"); !begun) {
    failBatch(begun.error());
    return;
  }
  for (auto& op : batch_) {
    outcomes_.push_back(applyOne(*op));
    if (!db_->inTransaction()) {
      // After some errors (disk full, I/O) SQLite rolls back the whole transaction itself:
      // the ops applied before this one are gone too, so none of them may report success.
      failBatch(unavailable("database: transaction rolled back by the database"));
      return;
    }
  }
  if (Status committed = runStatement("COMMIT"); !committed) {
    if (db_->inTransaction()) (void)runStatement("ROLLBACK");
    failBatch(committed.error());
    return;
  }
  for (std::size_t i = 0; i < batch_.size(); ++i) batch_[i]->complete(std::move(outcomes_[i]));
}

Status WriteQueue::applyOne(WriteOp& op) {
  if (!op.needsSavepoint()) return op.apply(*db_);
  if (Status opened = runStatement("SAVEPOINT op"); !opened) return opened;
  Status applied = op.apply(*db_);
  if (!applied) (void)runStatement("ROLLBACK TO op");
  (void)runStatement("RELEASE op");
  return applied;
}

Status WriteQueue::runStatement(const char* sql) {
  auto statement = db_->prepare(sql);
  if (!statement) return statement.error();
  return statement->run();
}

void WriteQueue::failBatch(Error error) {
  // Whatever failed, the batch's data is not durable: the caller may retry, so Unavailable.
  error.category = ErrorCategory::Unavailable;
  error.code = "db_unavailable";
  for (auto& op : batch_) op->complete(error);
}

}  // namespace mensajero::storage::sqlite
