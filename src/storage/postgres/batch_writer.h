#pragma once

#include <utility>

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "common/thread_name.h"
#include "storage/postgres/pg_connection.h"
#include "storage/postgres/transaction.h"

namespace mensajero::storage::postgres {

// Threads with a connection each that drain queued writes into one transaction per batch
// (group commit: one WAL flush and a few round trips for the batch) and complete each
// callback after COMMIT. With several threads, one batch runs its statements while another
// waits for its commit; batches may then commit in any order. The caller's thread only takes
// a mutex to enqueue, so an HTTP I/O thread never waits for the database. The webhook appends
// and the accepts of sends use it (issue 13).
//
// `together` writes a whole batch inside the open transaction and gives one entry per record:
// its outcome (an error of that record alone must have written nothing), or none for a record
// it left to be written alone, with `alone` in a transaction of its own, after the batch's
// COMMIT. When `together` fails as a whole (an error the transaction cannot survive), the batch
// is rolled back and written again one record per transaction with `alone`, so only the
// failing record fails. When the database is unreachable the batch's callbacks get Unavailable
// as soon as the connection attempt fails (connect_timeout bounds it). A failed COMMIT fails
// the whole batch with Unavailable: it may or may not be durable, and the callers may retry.
// So `together` must not defer statements (PgConnection::runDeferred): a deferred write's
// failure would surface at the COMMIT and fail the whole batch instead of its record.
// Thread-safe.
template <typename Record, typename Outcome>
class BatchWriter {
 public:
  using Callback = std::function<void(Result<Outcome>)>;
  // Per record of the batch, in order; nullopt: to be written alone after the commit.
  using Outcomes = std::vector<std::optional<Result<Outcome>>>;
  using Together = std::function<Result<Outcomes>(PgConnection&, const std::vector<Record*>&)>;
  using Alone = std::function<Result<Outcome>(PgConnection&, const Record&)>;

  // `name` names the threads and the queue in errors ("webhook", "accept"); `threads` is at
  // least 1.
  BatchWriter(std::string name, std::string conninfo, std::size_t max_queued, std::size_t max_batch,
              int threads, Together together, Alone alone)
      : name_(std::move(name)),
        conninfo_(std::move(conninfo)),
        max_queued_(max_queued),
        max_batch_(max_batch),
        together_(std::move(together)),
        alone_(std::move(alone)) {
    for (int i = 0; i < std::max(threads, 1); ++i) {
      threads_.emplace_back([this] {
        nameThisThread("pg-" + name_ + "s");
        loop();
      });
    }
  }
  // Closes: queued records are written first.
  ~BatchWriter() { close(); }
  BatchWriter(const BatchWriter&) = delete;
  BatchWriter& operator=(const BatchWriter&) = delete;

  // Queues the record. When the queue is full or closing, `done` runs at once on the calling
  // thread with Unavailable.
  void submit(Record record, Callback done) {
    bool closing = false;
    {
      std::unique_lock lock(mutex_);
      closing = stopping_;
      if (!closing && queue_.size() < max_queued_) {
        queue_.push_back({std::move(record), std::move(done)});
        lock.unlock();
        work_ready_.notify_one();
        return;
      }
    }
    done(unavailable(closing ? "database: store is closing"
                             : "database: " + name_ + " queue is full"));
  }

  // Refuses new records, writes and completes the queued ones, and stops the threads.
  // Idempotent; not to be called from a callback.
  void close() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    work_ready_.notify_all();
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

 private:
  struct Pending {
    Record record;
    Callback done;
  };

  static Error unavailable(std::string message) {
    return makeError(ErrorCategory::Unavailable, "db_unavailable", std::move(message));
  }

  // One thread's connection and batch.
  struct Lane {
    std::unique_ptr<PgConnection> db;
    std::vector<Pending> batch;
  };

  void loop() {
    Lane lane;
    lane.batch.reserve(max_batch_);
    for (;;) {
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and everything queued has been written
        while (!queue_.empty() && lane.batch.size() < max_batch_) {
          lane.batch.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      writeBatch(lane);
      lane.batch.clear();
    }
  }

  Status connect(Lane& lane) {
    if (lane.db != nullptr && !lane.db->broken()) return {};
    lane.db.reset();
    auto opened = PgConnection::open(conninfo_);
    if (!opened) return opened.error();
    lane.db = std::move(*opened);
    return {};
  }

  void writeBatch(Lane& lane) {
    if (Status connected = connect(lane); !connected) {
      failBatch(lane, connected.error());
      return;
    }
    if (writeTogether(lane)) return;
    if (lane.db->broken()) {
      failBatch(lane, unavailable("database: connection lost while writing " + name_ + "s"));
      return;
    }
    writeEachAlone(lane);
  }

  // The fast path: every record in one transaction. False (nothing committed, nobody
  // completed) when `together` failed while the connection stayed usable.
  bool writeTogether(Lane& lane) {
    PgConnection& db = *lane.db;
    if (Status begun = beginTransaction(db, Access::ReadWrite); !begun) {
      failBatch(lane, begun.error());
      return true;
    }
    std::vector<Record*> records;
    records.reserve(lane.batch.size());
    for (Pending& pending : lane.batch) records.push_back(&pending.record);
    auto outcomes = together_(db, records);
    if (!outcomes || outcomes->size() != lane.batch.size()) {
      if (!db.broken()) rollbackTransaction(db);
      return false;
    }
    if (Status committed = commitTransaction(db); !committed) {
      Error error = committed.error();
      error.category = ErrorCategory::Unavailable;
      error.code = "db_unavailable";
      failBatch(lane, error);
      return true;
    }
    for (std::size_t i = 0; i < lane.batch.size(); ++i) {
      if ((*outcomes)[i]) lane.batch[i].done(std::move(*(*outcomes)[i]));
    }
    for (std::size_t i = 0; i < lane.batch.size(); ++i) {
      if (!(*outcomes)[i]) writeAlone(lane, lane.batch[i]);
    }
    return true;
  }

  void writeEachAlone(Lane& lane) {
    for (Pending& pending : lane.batch) writeAlone(lane, pending);
  }

  void writeAlone(Lane& lane, Pending& pending) {
    if (Status connected = connect(lane); !connected) {
      pending.done(connected.error());
      return;
    }
    pending.done(inTransaction<Outcome>(
        *lane.db, [this, &pending](PgConnection& db) { return alone_(db, pending.record); }));
  }

  static void failBatch(Lane& lane, const Error& error) {
    for (Pending& pending : lane.batch) pending.done(error);
  }

  const std::string name_;
  const std::string conninfo_;
  const std::size_t max_queued_;
  const std::size_t max_batch_;
  const Together together_;
  const Alone alone_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Pending> queue_;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_

  std::vector<std::thread> threads_;
};

}  // namespace mensajero::storage::postgres
