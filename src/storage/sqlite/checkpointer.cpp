#include "storage/sqlite/checkpointer.h"

#include <utility>

#include <algorithm>

#include "common/thread_name.h"

namespace mensajero::storage::sqlite {

Checkpointer::Checkpointer(std::unique_ptr<Connection> db, int threshold_pages,
                           int hard_limit_pages)
    : db_(std::move(db)),
      policy_(threshold_pages, hard_limit_pages, std::max(1, threshold_pages / kStepDivisor)),
      thread_([this] {
        nameThisThread("sqlite-ckpt");
        loop();
      }) {}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  db_.reset();
}

bool Checkpointer::walGrew(int wal_pages) {
  const CheckpointPolicy::Decision decision = policy_.onCommit(wal_pages);
  if (decision.wake_checkpointer) {
    {
      std::lock_guard lock(mutex_);
      requested_ = true;
    }
    wake_.notify_one();
  } else if (decision.past_threshold && !tail_uncopied_.load(std::memory_order_relaxed)) {
    tail_uncopied_.store(true, std::memory_order_relaxed);
  }
  return decision.writer_checkpoints;
}

bool Checkpointer::awaitCompleted(long count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return done_.wait_for(lock, timeout, [this, count] { return completed_ >= count; });
}

void Checkpointer::loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      const bool woken =
          wake_.wait_for(lock, kTailCopyAfter, [this] { return stopping_ || requested_; });
      if (stopping_) return;
      requested_ = false;
      // Whatever runs now copies the tail too; without a wake, only a tail is reason to run.
      const bool tail = tail_uncopied_.exchange(false, std::memory_order_relaxed);
      if (!woken && !tail) continue;
    }
    // A failure (I/O) leaves the pages in the WAL, where readers still find them; the next
    // commit asks again, and at the hard limit the writer checkpoints itself, whose own
    // errors then surface on its commits.
    if (Status done = db_->checkpointPassive(); !done) continue;
    {
      std::lock_guard lock(mutex_);
      ++completed_;
    }
    done_.notify_all();
  }
}

}  // namespace mensajero::storage::sqlite
