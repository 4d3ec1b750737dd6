#pragma once

#include <string>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::storage {

struct StoreOptions {
  // "sqlite:<path>" (relative or absolute; "sqlite://<path>" is read the same way) or
  // "postgresql://..." / "postgres://..." (libpq reads it as is).
  std::string url;
  int busy_timeout_ms = 5000;
  int read_connections = 4;
  // Writes waiting for the writer; beyond this a write fails at once with Unavailable.
  int max_queued_writes = 16384;
  // SQLite only: refuse to open a file another process opened with this set (`serve`).
  bool exclusive_process = false;
};

// Opens the store the url names, creating the SQLite file and its parent directories if
// missing. Does not migrate: call Store::migrate(). Invalid for an unknown or unsupported url
// scheme (naming it) or an empty path; Unavailable when the database cannot be opened.
// Thread-safe.
Result<StorePtr> openStore(const StoreOptions& options);

}  // namespace mensajero::storage
