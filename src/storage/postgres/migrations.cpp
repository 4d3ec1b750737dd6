#include "storage/postgres/migrations.h"

#include <array>
#include <string>

#include "storage/common/record_validation.h"
#include "storage/postgres/schema_v1.h"
#include "storage/postgres/schema_v10.h"
#include "storage/postgres/schema_v11.h"
#include "storage/postgres/schema_v12.h"
#include "storage/postgres/schema_v13.h"
#include "storage/postgres/schema_v2.h"
#include "storage/postgres/schema_v3.h"
#include "storage/postgres/schema_v4.h"
#include "storage/postgres/schema_v5.h"
#include "storage/postgres/schema_v6.h"
#include "storage/postgres/schema_v7.h"
#include "storage/postgres/schema_v8.h"
#include "storage/postgres/schema_v9.h"

namespace mensajero::storage::postgres {
namespace {

// Index i holds the DDL that takes the schema from version i to i + 1. Append only: a
// released migration is never edited.
constexpr std::array kMigrations = {kSchemaV1,  kSchemaV2,  kSchemaV3, kSchemaV4, kSchemaV5,
                                    kSchemaV6,  kSchemaV7,  kSchemaV8, kSchemaV9, kSchemaV10,
                                    kSchemaV11, kSchemaV12, kSchemaV13};

// Any fixed number serves as the lock's name, as long as nothing else in the database uses it;
// this one spells "mensajer" in ASCII.
constexpr const char* kLockMigrations = "SELECT pg_advisory_xact_lock(7882828164616578418)";

}  // namespace

int latestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> readSchemaVersion(PgConnection& db) {
  auto exists = db.run("SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!exists) return exists.error();
  if (!exists->boolean(0, 0)) return 0;
  auto version = db.run("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!version) return version.error();
  return static_cast<int>(version->integer(0, 0));
}

Result<int> applyMigrations(PgConnection& db) {
  // A migration may rewrite a large table and waits for other instances' migrations: the
  // session's statement and lock timeouts (PgConnection::open) do not apply to it.
  if (Status unbounded = db.execute("SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = 0");
      !unbounded) {
    return unbounded.error();
  }
  if (Status locked = db.execute(kLockMigrations); !locked) return locked.error();
  if (Status created = db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  "version INTEGER PRIMARY KEY, "
                                  "applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW())");
      !created) {
    return created.error();
  }
  auto current = readSchemaVersion(db);
  if (!current) return current.error();
  if (Status known = common::requireKnownSchema(*current, latestSchemaVersion()); !known) {
    return known.error();
  }
  for (int version = *current + 1; version <= latestSchemaVersion(); ++version) {
    if (Status applied = db.execute(kMigrations[version - 1]); !applied) return applied.error();
    auto recorded = db.run("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, NOW())",
                           PgParams().integer(version));
    if (!recorded) return recorded.error();
  }
  return latestSchemaVersion();
}

}  // namespace mensajero::storage::postgres
