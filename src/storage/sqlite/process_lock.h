#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace mensajero::storage::sqlite {

// An exclusive advisory lock (flock) on "<database>.lock", held for the object's lifetime, so
// that only one `mensajero serve` runs on a SQLite file: a second would compete with the first
// for the one writer lock, and its in-memory limits and breakers would double the configured
// ones. The kernel releases the lock when the process dies, also by SIGKILL, so a restart
// after a crash never finds a stale lock. SQLite's own locks protect the data, not this rule,
// and no packaged library states it, hence these few lines.
class ProcessLock {
 public:
  // Unavailable naming the lock file when another process holds it or it cannot be made.
  static Result<std::unique_ptr<ProcessLock>> acquire(const std::string& database_path);
  ~ProcessLock();
  ProcessLock(const ProcessLock&) = delete;
  ProcessLock& operator=(const ProcessLock&) = delete;

 private:
  explicit ProcessLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace mensajero::storage::sqlite
