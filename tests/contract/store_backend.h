#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "common/result.h"
#include "storage/store.h"

namespace mensajero::storage::contract {

// One database under the Store contract. Each instance owns a fresh, empty database and drops
// it on destruction. A new backend (PostgreSQL) joins the suite by adding one BackendFactory
// to the instantiation in store_contract_test.cpp.
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

}  // namespace mensajero::storage::contract
