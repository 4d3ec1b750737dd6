#include "storage/store_factory.h"

#include <algorithm>
#include <filesystem>
#include <string_view>
#include <system_error>

#include "storage/postgres/postgres_store.h"
#include "storage/sqlite/sqlite_store.h"

namespace mensajero::storage {
namespace {

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_store_url", std::move(message));
}

Result<StorePtr> openSqlite(std::string_view path, const StoreOptions& options) {
  if (path.starts_with("//")) path.remove_prefix(2);
  if (path.empty()) return invalid("store url has no database path");
  // Every connection of an in-memory database is a separate database: the readers would
  // never see the writer's data.
  if (path == ":memory:") return invalid("in-memory SQLite is not supported");

  const std::filesystem::path file{std::string(path)};
  if (file.has_parent_path()) {
    std::error_code error;
    std::filesystem::create_directories(file.parent_path(), error);
    if (error) {
      return makeError(ErrorCategory::Unavailable, "db_unavailable",
                       "database: cannot create the database directory: " + error.message());
    }
  }
  sqlite::SqliteStoreOptions sqlite_options;
  sqlite_options.path = file.string();
  sqlite_options.busy_timeout_ms = options.busy_timeout_ms;
  sqlite_options.read_connections = std::max(options.read_connections, 1);
  sqlite_options.exclusive_process = options.exclusive_process;
  sqlite_options.max_queued_writes =
      static_cast<std::size_t>(std::max(options.max_queued_writes, 1));
  auto store = sqlite::SqliteStore::open(sqlite_options);
  if (!store) return store.error();
  return StorePtr(std::move(*store));
}

Result<StorePtr> openPostgres(const std::string& url, const StoreOptions& options) {
  // libpq reads the URL itself (host, port, database, user, password, sslmode, ...).
  postgres::PostgresStoreOptions postgres_options;
  postgres_options.conninfo = url;
  postgres_options.pool_size = std::max(options.read_connections, 2);
  postgres_options.acquire_timeout_ms = options.busy_timeout_ms;
  postgres_options.max_queued_webhooks =
      static_cast<std::size_t>(std::max(options.max_queued_writes, 1));
  auto store = postgres::PostgresStore::open(postgres_options);
  if (!store) return store.error();
  return StorePtr(std::move(*store));
}

}  // namespace

Result<StorePtr> openStore(const StoreOptions& options) {
  const std::string_view url = options.url;
  const auto colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return invalid("store url has no scheme (expected sqlite:<path>)");
  }
  const std::string_view scheme = url.substr(0, colon);
  if (scheme == "sqlite") return openSqlite(url.substr(colon + 1), options);
  if (scheme == "postgresql" || scheme == "postgres") return openPostgres(options.url, options);
  return invalid("unknown store url scheme '" + std::string(scheme) + "'");
}

}  // namespace mensajero::storage
