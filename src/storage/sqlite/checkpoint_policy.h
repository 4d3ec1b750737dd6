#pragma once

namespace mensajero::storage::sqlite {

// When the writer's commits ask for a checkpoint (Checkpointer).
//
// Why a step: under steady writes the WAL seldom restarts from its beginning (the writer
// must begin a transaction at a moment when every frame is already copied and no reader is
// still on an older snapshot), so once it has passed the threshold it stays there. Asking
// at every commit beyond it then ran a checkpoint per commit, each copying a few pages and
// syncing the database file: about 9,000 in one run of bench/sends.sh, and 1.4 s of the
// checkpointer's CPU against 0.45 s with a step of 1,000 pages (issue 13). A checkpoint is
// now asked for once the WAL has grown by `step_pages` since the last one was asked for (and
// the Checkpointer copies what a pause leaves between two steps). Not thread-safe: the one
// writer thread calls it.
class CheckpointPolicy {
 public:
  struct Decision {
    bool wake_checkpointer = false;   // the checkpoint thread should copy the WAL now
    bool writer_checkpoints = false;  // the hard limit is reached: the writer copies it itself
    bool past_threshold = false;      // the WAL holds at least the threshold
  };

  CheckpointPolicy(int threshold_pages, int hard_limit_pages, int step_pages)
      : threshold_pages_(threshold_pages),
        hard_limit_pages_(hard_limit_pages),
        step_pages_(step_pages) {}

  // A commit left the WAL holding `wal_pages` pages.
  Decision onCommit(int wal_pages) {
    if (wal_pages < asked_at_pages_) asked_at_pages_ = 0;  // the WAL restarted
    Decision decision;
    decision.past_threshold = wal_pages >= threshold_pages_;
    decision.wake_checkpointer =
        decision.past_threshold &&
        (asked_at_pages_ == 0 || wal_pages >= asked_at_pages_ + step_pages_);
    if (decision.wake_checkpointer) asked_at_pages_ = wal_pages;
    decision.writer_checkpoints = wal_pages >= hard_limit_pages_;
    return decision;
  }

 private:
  const int threshold_pages_;
  const int hard_limit_pages_;
  const int step_pages_;
  int asked_at_pages_ = 0;  // the WAL's size when a checkpoint was last asked for; 0: never
};

}  // namespace mensajero::storage::sqlite
