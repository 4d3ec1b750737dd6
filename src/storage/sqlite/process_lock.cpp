#include "storage/sqlite/process_lock.h"

#include <cerrno>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace mensajero::storage::sqlite {

Result<std::unique_ptr<ProcessLock>> ProcessLock::acquire(const std::string& database_path) {
  const std::string lock_path = database_path + ".lock";
  const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    const int error = errno;  // before anything below can allocate and change it
    return makeError(
        ErrorCategory::Unavailable, "db_unavailable",
        "database: cannot create " + lock_path + ": " + std::generic_category().message(error));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      return makeError(ErrorCategory::Unavailable, "db_in_use",
                       "database: another mensajero serve is running on this SQLite file (" +
                           lock_path +
                           " is locked); SQLite serves one process, PostgreSQL several");
    }
    return makeError(
        ErrorCategory::Unavailable, "db_unavailable",
        "database: cannot lock " + lock_path + ": " + std::generic_category().message(error));
  }
  return std::unique_ptr<ProcessLock>(new ProcessLock(fd));
}

ProcessLock::~ProcessLock() { ::close(fd_); }

}  // namespace mensajero::storage::sqlite
