#include "integration/gateway_database.h"

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string_view>

#include <sqlite3.h>

#include "support/postgres_test_database.h"

namespace mensajero::testing {
namespace {

// Opens the SQLite file for one statement; throws when it cannot.
class SqliteFile {
 public:
  SqliteFile(const std::string& path, int flags) {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      sqlite3_close(db_);
      throw std::runtime_error("cannot open the gateway database");
    }
    // The gateway may hold the write lock for a moment.
    sqlite3_busy_timeout(db_, 5000);
  }
  ~SqliteFile() { sqlite3_close(db_); }
  SqliteFile(const SqliteFile&) = delete;
  SqliteFile& operator=(const SqliteFile&) = delete;
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace

std::string suitePostgresCluster() {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): nothing in the tests sets the environment.
  const char* store = std::getenv("MENSAJERO_TEST_STORE");
  if (store == nullptr || std::string_view(store) != "postgres") return {};
  std::string url = testClusterUrl();
  if (url.empty()) {
    throw std::runtime_error(
        "MENSAJERO_TEST_STORE=postgres needs MENSAJERO_TEST_PG_URL_FILE (run via ctest)");
  }
  return url;
}

bool suiteRunsOnPostgres() { return !suitePostgresCluster().empty(); }

GatewayDatabase::GatewayDatabase(const std::string& sqlite_path,
                                 const std::string& postgres_cluster)
    : sqlite_path_(sqlite_path) {
  if (postgres_cluster.empty()) {
    url_ = "sqlite:" + sqlite_path_;
  } else {
    postgres_ = std::make_unique<PostgresTestDatabase>(postgres_cluster);
    url_ = postgres_->url();
  }
}

GatewayDatabase::~GatewayDatabase() = default;

long long GatewayDatabase::queryNumber(const std::string& sql) const {
  if (postgres_ != nullptr) {
    const auto values = postgres_->column(sql);
    if (values.empty() || values.front().empty()) throw std::runtime_error("no value: " + sql);
    return std::stoll(values.front());
  }
  SqliteFile db(sqlite_path_, SQLITE_OPEN_READONLY);
  sqlite3_stmt* statement = nullptr;
  long long value = -1;
  bool found = false;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_type(statement, 0) != SQLITE_NULL) {
    value = sqlite3_column_int64(statement, 0);
    found = true;
  }
  sqlite3_finalize(statement);
  if (!found) throw std::runtime_error("query failed: " + sql);
  return value;
}

std::string GatewayDatabase::queryText(const std::string& sql) const {
  if (postgres_ != nullptr) {
    const auto values = postgres_->column(sql);
    if (values.empty()) throw std::runtime_error("no value: " + sql);
    return values.front();
  }
  SqliteFile db(sqlite_path_, SQLITE_OPEN_READONLY);
  sqlite3_stmt* statement = nullptr;
  std::optional<std::string> value;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_type(statement, 0) != SQLITE_NULL) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  if (!value) throw std::runtime_error("query failed: " + sql);
  return *value;
}

void GatewayDatabase::execute(const std::string& sql) const {
  if (postgres_ != nullptr) {
    postgres_->execute(sql);  // a failure is recorded as a test failure
    return;
  }
  SqliteFile db(sqlite_path_, SQLITE_OPEN_READWRITE);
  if (sqlite3_exec(db.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    throw std::runtime_error("statement failed: " + sql + ": " + sqlite3_errmsg(db.get()));
  }
}

}  // namespace mensajero::testing
