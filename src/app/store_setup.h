#pragma once

#include "app/config.h"
#include "storage/store.h"

namespace mensajero::app {

// Opens the configured store and applies migrations. Throws std::runtime_error with the
// store's message when either fails.
storage::StorePtr openMigratedStore(const Config& config);

}  // namespace mensajero::app
