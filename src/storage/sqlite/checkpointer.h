#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/sqlite/checkpoint_policy.h"
#include "storage/sqlite/connection.h"

namespace mensajero::storage::sqlite {

// Copies the WAL back into the database file on a thread of its own, so that the writer
// thread only appends and commits.
//
// Why: with SQLite's automatic checkpoint, the commit that crosses the threshold copies the
// whole WAL into the database file and syncs it on the writer thread, and every queued write
// waits for it; a profile of webhook ingestion put 12 % of the gateway's time there (issue 13).
// A PASSIVE checkpoint from another connection takes no write lock, so appends go on while it
// runs. Durability is unchanged: a commit is durable once its WAL frames are synced (FULL);
// the checkpoint only moves committed pages.
//
// The writer reports the WAL's size after each commit (walGrew, from SQLite's WAL hook); from
// `threshold_pages` on, the thread is woken, and again each time the WAL has grown by an
// eighth of the threshold (CheckpointPolicy). Pages committed past the threshold since the
// last checkpoint are copied after at most kTailCopyAfter without a wake, so that when writes
// slow down or stop the WAL is copied to its end and the next commit starts it over. Should
// the WAL still reach `hard_limit_pages` (writes that never let it start over, or a
// checkpoint held back by a long reader), walGrew answers true and the writer checkpoints
// itself, which bounds the file as SQLite's own scheme does.
// walGrew is the writer thread's (one at a time); awaitCompleted may be called from any.
class Checkpointer {
 public:
  // 32 MiB of 4 KiB pages, where SQLite's own default is 1,000: a page changed by many
  // commits between two checkpoints is copied once, which cut the CPU per webhook by about
  // 8 % against 1,000 (issue 13). Recovery after a crash reads the whole WAL, which the hard
  // limit keeps near 32,000 pages (128 MiB) even under writes that never let it start over.
  static constexpr int kThresholdPages = 8000;
  static constexpr int kHardLimitPages = 4 * kThresholdPages;
  // Past the threshold, a checkpoint is asked for at every 1/kStepDivisor of it (1,000 pages).
  static constexpr int kStepDivisor = 8;
  // How long committed pages past the threshold wait for a step before they are copied anyway.
  static constexpr std::chrono::milliseconds kTailCopyAfter{1'000};

  // Takes a connection of its own (opened as Writer: a checkpoint writes the database file).
  explicit Checkpointer(std::unique_ptr<Connection> db, int threshold_pages = kThresholdPages,
                        int hard_limit_pages = kHardLimitPages);
  // Stops the thread and closes its connection (before the writer's, which then checkpoints
  // and removes the WAL as the last one to close).
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // The writer committed and the WAL now holds `wal_pages` pages. True when the writer must
  // checkpoint itself (the hard limit is reached).
  bool walGrew(int wal_pages);

  // Waits until the thread has completed `count` checkpoints; false after `timeout`.
  bool awaitCompleted(long count, std::chrono::milliseconds timeout) const;

 private:
  void loop();

  std::unique_ptr<Connection> db_;  // the thread's only
  CheckpointPolicy policy_;         // the writer thread's only (walGrew)

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  mutable std::condition_variable done_;
  bool requested_ = false;  // guarded by mutex_
  // Pages were committed past the threshold without a wake: copied after kTailCopyAfter.
  std::atomic<bool> tail_uncopied_{false};
  bool stopping_ = false;  // guarded by mutex_
  long completed_ = 0;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::storage::sqlite
