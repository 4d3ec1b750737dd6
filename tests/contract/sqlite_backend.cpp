#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "contract/store_backend.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::storage::contract {
namespace {

// A database file in its own temporary directory, removed with the backend.
class SqliteBackend final : public StoreBackend {
 public:
  Result<StorePtr> open() override {
    StoreOptions options;
    options.url = "sqlite:" + directory_.file("mensajero.db");
    options.read_connections = 3;
    return openStore(options);
  }

  void recordSchemaVersionForTest(int version) override {
    sqlite3* db = nullptr;
    const std::string path = directory_.file("mensajero.db");
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    const std::string sql = "INSERT INTO schema_migrations (version, applied_at) VALUES (" +
                            std::to_string(version) + ", '2099-01-01T00:00:00.000Z')";
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }

 private:
  testing::TempDir directory_;
};

}  // namespace

BackendFactory sqliteBackend() {
  return {"SQLite", [] { return std::make_unique<SqliteBackend>(); }};
}

}  // namespace mensajero::storage::contract
