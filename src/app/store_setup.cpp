#include "app/store_setup.h"

#include <stdexcept>

#include <spdlog/spdlog.h>

#include "storage/store_factory.h"

namespace mensajero::app {

storage::StorePtr openMigratedStore(const Config& config, bool serving) {
  storage::StoreOptions options;
  options.url = config.storage.url;
  options.busy_timeout_ms = config.storage.busy_timeout_ms;
  options.read_connections = config.storage.read_connections;
  options.exclusive_process = serving;
  auto store = storage::openStore(options);
  if (!store) throw std::runtime_error("storage.url: " + store.error().message);
  auto version = (*store)->migrate();
  if (!version) throw std::runtime_error("migration failed: " + version.error().message);
  spdlog::debug("schema at version {}", *version);
  return std::move(*store);
}

}  // namespace mensajero::app
