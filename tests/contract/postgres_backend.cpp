#include <iostream>
#include <memory>
#include <string>

#include "contract/store_backend.h"
#include "storage/store_factory.h"
#include "support/postgres_test_database.h"

namespace mensajero::storage::contract {
namespace {

using testing::PostgresTestDatabase;
using testing::testClusterUrl;

// A fresh database on the test cluster, dropped with the backend.
class PostgresBackend final : public StoreBackend {
 public:
  explicit PostgresBackend(std::string cluster_url) : database_(std::move(cluster_url)) {}

  Result<StorePtr> open() override {
    StoreOptions options;
    options.url = database_.url();
    options.read_connections = 3;
    return openStore(options);
  }

  void recordSchemaVersionForTest(int version) override {
    database_.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (" +
                      std::to_string(version) + ", '2099-01-01T00:00:00Z')");
  }

 private:
  PostgresTestDatabase database_;
};

}  // namespace

BackendFactory postgresBackend() {
  return {"PostgreSQL", [] { return std::make_unique<PostgresBackend>(testClusterUrl()); }};
}

std::vector<BackendFactory> contractBackends() {
  std::vector<BackendFactory> backends{sqliteBackend()};
  if (!testClusterUrl().empty()) {
    backends.push_back(postgresBackend());
  } else {
    std::cerr << "store contract: MENSAJERO_TEST_PG_URL_FILE is not set, so PostgreSQL is not "
                 "tested (ctest starts a cluster)\n";
  }
  return backends;
}

}  // namespace mensajero::storage::contract
