#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::storage::contract {

// One database under the Store contract. Each instance owns a fresh, empty database and drops
// it on destruction. A backend joins the suite through contractBackends(), which every
// INSTANTIATE_TEST_SUITE_P of the suite takes (::testing::ValuesIn(contractBackends())).
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // Opens a store on this backend's database; again after a close, on the same data.
  virtual Result<StorePtr> open() = 0;
  // Records schema version `version` behind the store's back, as a newer binary would.
  virtual void recordSchemaVersionForTest(int version) = 0;
};

struct BackendFactory {
  std::string name;  // the test-name suffix
  std::function<std::unique_ptr<StoreBackend>()> make;
};

// Names the backend in gtest's messages instead of dumping its bytes.
inline void PrintTo(const BackendFactory& factory, std::ostream* out) { *out << factory.name; }

BackendFactory sqliteBackend();
// A fresh database per backend on the cluster whose URL is in the file named by
// MENSAJERO_TEST_PG_URL_FILE (scripts/pg-test-cluster; ctest's "postgres" fixture sets it).
BackendFactory postgresBackend();
// Every backend the suite runs on: SQLite, and PostgreSQL when a test cluster is configured
// (running the binary by hand without one tests SQLite only, and says so).
std::vector<BackendFactory> contractBackends();

}  // namespace mensajero::storage::contract
