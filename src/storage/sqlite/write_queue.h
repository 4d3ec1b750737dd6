#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/result.h"
#include "storage/sqlite/connection.h"

namespace mensajero::storage::sqlite {

// One unit of work for the writer thread.
class WriteOp {
 public:
  virtual ~WriteOp() = default;
  // Ops of a single statement may say false: SQLite already undoes a failed statement alone,
  // so they skip the SAVEPOINT/RELEASE round trip.
  virtual bool needsSavepoint() const { return true; }
  // Runs on the writer thread inside the batch transaction. A failure undoes this op's
  // changes only; the rest of the batch still commits.
  virtual Status apply(Connection& db) = 0;
  // Runs exactly once on the writer thread when the batch's fate is known: with apply's status
  // after a successful COMMIT, otherwise with an Unavailable error (nothing was committed).
  virtual void complete(Status outcome) = 0;
};

// The single writer of one SQLite database, with group commit (as leveldb's DBImpl::Write):
// a thread owns the write connection, drains up to kMaxBatch queued ops into one
// BEGIN IMMEDIATE ... COMMIT, each op inside its own SAVEPOINT, and completes every op only
// after COMMIT has returned, so one fsync covers the whole batch.
// Thread-safe.
class WriteQueue {
 public:
  static constexpr std::size_t kMaxBatch = 1024;

  // Takes the write connection; at most `max_queued` ops wait at any time.
  WriteQueue(std::unique_ptr<Connection> db, std::size_t max_queued);
  // Closes, then closes the connection.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues `op`. When the queue is full or closing, completes it at once, on the calling
  // thread, with Unavailable: a bounded queue answers "busy" instead of growing memory.
  void submit(std::unique_ptr<WriteOp> op);

  // Runs `fn(Connection&) -> Result<T>` as one op and waits for its committed outcome.
  template <typename T, typename Fn>
  Result<T> run(Fn fn);

  // Refuses new ops, applies and completes those already queued, and stops the thread. The
  // connection stays open until destruction. Idempotent; not to be called from an op.
  void close();

 private:
  void loop();
  void commitBatch();
  Status applyOne(WriteOp& op);
  Status runStatement(const char* sql);
  void failBatch(Error error);

  std::unique_ptr<Connection> db_;  // used only by the writer thread once it runs
  const std::size_t max_queued_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::unique_ptr<WriteOp>> queue_;  // guarded by mutex_
  bool stopping_ = false;                       // guarded by mutex_

  // Writer thread only; kept between batches so their capacity is reused.
  std::vector<std::unique_ptr<WriteOp>> batch_;
  std::vector<Status> outcomes_;

  std::thread thread_;
};

namespace detail {

// Whether an op's callable runs a single statement, which needs no SAVEPOINT of its own
// (WriteOp::needsSavepoint).
enum class OneStatement { No, Yes };

// A WriteOp that runs a callable `fn(Connection&) -> Result<T>` and keeps its result for
// complete(), which the two adapters below implement.
template <typename T, typename Fn>
class ResultOp : public WriteOp {
 public:
  explicit ResultOp(Fn fn, OneStatement one_statement = OneStatement::No)
      : fn_(std::move(fn)), one_statement_(one_statement) {}

  bool needsSavepoint() const final { return one_statement_ == OneStatement::No; }

  Status apply(Connection& db) final {
    result_.emplace(fn_(db));
    if (result_->ok()) return {};
    return result_->error();
  }

 protected:
  // What the caller gets: apply's result once committed, else the batch's error.
  Result<T> committed(const Status& outcome) {
    return outcome.ok() ? std::move(*result_) : Result<T>(outcome.error());
  }

 private:
  Fn fn_;
  const OneStatement one_statement_;
  std::optional<Result<T>> result_;
};

// Adapts a callable to a WriteOp whose committed result a caller waits for.
template <typename T, typename Fn>
class CallOp final : public ResultOp<T, Fn> {
 public:
  explicit CallOp(Fn fn) : ResultOp<T, Fn>(std::move(fn)) {}

  void complete(Status outcome) override { promise_.set_value(this->committed(outcome)); }

  std::future<Result<T>> future() { return promise_.get_future(); }

 private:
  std::promise<Result<T>> promise_;
};

// Adapts a callable to a WriteOp whose committed result goes to a callback on the writer
// thread, so that no thread waits for it. The callback must not throw: an exception would
// end the writer thread.
template <typename T, typename Fn>
class ThenOp final : public ResultOp<T, Fn> {
 public:
  ThenOp(Fn fn, std::function<void(Result<T>)> done, OneStatement one_statement = OneStatement::No)
      : ResultOp<T, Fn>(std::move(fn), one_statement), done_(std::move(done)) {}

  void complete(Status outcome) override { done_(this->committed(outcome)); }

 private:
  std::function<void(Result<T>)> done_;
};

}  // namespace detail

template <typename T, typename Fn>
Result<T> WriteQueue::run(Fn fn) {
  auto op = std::make_unique<detail::CallOp<T, Fn>>(std::move(fn));
  std::future<Result<T>> done = op->future();
  submit(std::move(op));
  return done.get();
}

}  // namespace mensajero::storage::sqlite
