#pragma once

#include "app/config.h"
#include "storage/store.h"

namespace mensajero::app {

// Opens the configured store and applies migrations. Throws std::runtime_error with the
// store's message when either fails. `serving`: the store of `serve`, the only process of a
// SQLite file (a second is refused).
storage::StorePtr openMigratedStore(const Config& config, bool serving = false);

}  // namespace mensajero::app
