#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/postgres/pg_connection.h"
#include "storage/store.h"

namespace mensajero::storage::postgres {

// The asynchronous side of appendWebhookAsync: a thread with its own connection drains the
// queued deliveries into one transaction per batch (group commit: one WAL flush for the
// batch) and completes each callback after COMMIT. The caller's thread only takes a mutex to
// enqueue, so the HTTP I/O thread never waits for the database.
// When the database is unreachable the batch's callbacks get Unavailable as soon as the
// connection attempt fails (connect_timeout bounds it). When one delivery cannot be written,
// the batch is written again one delivery per transaction, so only that one fails.
// Thread-safe.
class WebhookWriter {
 public:
  static constexpr std::size_t kMaxBatch = 256;

  WebhookWriter(std::string conninfo, std::size_t max_queued);
  // Closes: queued deliveries are written first.
  ~WebhookWriter();
  WebhookWriter(const WebhookWriter&) = delete;
  WebhookWriter& operator=(const WebhookWriter&) = delete;

  // Queues the delivery. When the queue is full or closing, `done` runs at once on the
  // calling thread with Unavailable.
  void submit(WebhookLogRecord record, Store::WebhookAppendCallback done);
  // Refuses new deliveries, writes and completes the queued ones, and stops the thread.
  // Idempotent; not to be called from a callback.
  void close();

 private:
  struct Pending {
    WebhookLogRecord record;
    Store::WebhookAppendCallback done;
  };

  void loop();
  void writeBatch();
  bool writeTogether();
  void writeEachAlone();
  Status connect();
  void failBatch(const Error& error);

  const std::string conninfo_;
  const std::size_t max_queued_;

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Pending> queue_;  // guarded by mutex_
  bool stopping_ = false;      // guarded by mutex_

  // Writer thread only.
  std::unique_ptr<PgConnection> db_;
  std::vector<Pending> batch_;

  std::thread thread_;
};

}  // namespace mensajero::storage::postgres
