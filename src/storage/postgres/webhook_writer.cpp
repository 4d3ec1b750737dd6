#include "storage/postgres/webhook_writer.h"

#include <utility>

#include "common/thread_name.h"
#include "storage/postgres/transaction.h"
#include "storage/postgres/webhook_ops.h"

namespace mensajero::storage::postgres {
namespace {

Error unavailable(std::string message) {
  return makeError(ErrorCategory::Unavailable, "db_unavailable", std::move(message));
}

}  // namespace

WebhookWriter::WebhookWriter(std::string conninfo, std::size_t max_queued)
    : conninfo_(std::move(conninfo)), max_queued_(max_queued) {
  batch_.reserve(kMaxBatch);
  thread_ = std::thread([this] {
    nameThisThread("pg-webhooks");
    loop();
  });
}

WebhookWriter::~WebhookWriter() { close(); }

void WebhookWriter::close() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void WebhookWriter::submit(WebhookLogRecord record, Store::WebhookAppendCallback done) {
  bool closing = false;
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    closing = stopping_;
    if (!closing && queue_.size() < max_queued_) {
      queue_.push_back({std::move(record), std::move(done)});
      queued = true;
    }
  }
  if (queued) {
    work_ready_.notify_one();
    return;
  }
  done(unavailable(closing ? "database: store is closing" : "database: webhook queue is full"));
}

void WebhookWriter::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been written
      while (!queue_.empty() && batch_.size() < kMaxBatch) {
        batch_.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    writeBatch();
    batch_.clear();
  }
}

Status WebhookWriter::connect() {
  if (db_ != nullptr && !db_->broken()) return {};
  db_.reset();
  auto opened = PgConnection::open(conninfo_);
  if (!opened) return opened.error();
  db_ = std::move(*opened);
  return {};
}

void WebhookWriter::writeBatch() {
  if (Status connected = connect(); !connected) {
    failBatch(connected.error());
    return;
  }
  if (writeTogether()) return;
  if (db_->broken()) {
    failBatch(unavailable("database: connection lost while writing webhooks"));
    return;
  }
  writeEachAlone();
}

// The fast path: every delivery in one transaction. False (nothing committed, nobody
// completed) when one of them failed while the connection stayed usable.
bool WebhookWriter::writeTogether() {
  if (Status begun = beginTransaction(*db_, Access::ReadWrite); !begun) {
    failBatch(begun.error());
    return true;
  }
  // The inserts are pipelined: one round trip for the batch, not one per webhook.
  std::vector<PgParams> inserts;
  inserts.reserve(batch_.size());
  for (const Pending& pending : batch_) {
    if (!validateWebhook(pending.record)) {
      rollbackTransaction(*db_);
      return false;  // each alone: that one is refused, the others stored
    }
    inserts.push_back(appendWebhookParams(pending.record));
  }
  auto inserted = db_->runPipelined(kAppendWebhookSql, inserts);
  if (!inserted) {
    if (!db_->broken()) rollbackTransaction(*db_);
    return false;
  }
  std::vector<WebhookAppend> outcomes;
  outcomes.reserve(batch_.size());
  for (const PgResult& rows : *inserted) {
    outcomes.push_back(rows.empty() ? WebhookAppend::Duplicate : WebhookAppend::Inserted);
  }
  if (Status committed = commitTransaction(*db_); !committed) {
    // Whatever failed, the batch may not be durable: the caller may retry, so Unavailable.
    Error error = committed.error();
    error.category = ErrorCategory::Unavailable;
    error.code = "db_unavailable";
    failBatch(error);
    return true;
  }
  for (std::size_t i = 0; i < batch_.size(); ++i) batch_[i].done(outcomes[i]);
  return true;
}

void WebhookWriter::writeEachAlone() {
  for (Pending& pending : batch_) {
    if (Status connected = connect(); !connected) {
      pending.done(connected.error());
      continue;
    }
    pending.done(inTransaction<WebhookAppend>(
        *db_, [&pending](PgConnection& db) { return appendWebhook(db, pending.record); }));
  }
}

void WebhookWriter::failBatch(const Error& error) {
  for (Pending& pending : batch_) pending.done(error);
}

}  // namespace mensajero::storage::postgres
