#include "storage/sqlite/migrations.h"

#include <array>
#include <string>

#include "storage/common/record_validation.h"
#include "storage/sqlite/schema_v1.h"
#include "storage/sqlite/schema_v10.h"
#include "storage/sqlite/schema_v11.h"
#include "storage/sqlite/schema_v12.h"
#include "storage/sqlite/schema_v13.h"
#include "storage/sqlite/schema_v2.h"
#include "storage/sqlite/schema_v3.h"
#include "storage/sqlite/schema_v4.h"
#include "storage/sqlite/schema_v5.h"
#include "storage/sqlite/schema_v6.h"
#include "storage/sqlite/schema_v7.h"
#include "storage/sqlite/schema_v8.h"
#include "storage/sqlite/schema_v9.h"

namespace mensajero::storage::sqlite {
namespace {

// Index i holds the DDL that takes the schema from version i to i + 1. Append only: a
// released migration is never edited.
constexpr std::array kMigrations = {kSchemaV1,  kSchemaV2,  kSchemaV3, kSchemaV4, kSchemaV5,
                                    kSchemaV6,  kSchemaV7,  kSchemaV8, kSchemaV9, kSchemaV10,
                                    kSchemaV11, kSchemaV12, kSchemaV13};

}  // namespace

int latestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> readSchemaVersion(Connection& db) {
  auto exists = db.prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists) return exists.error();
  auto row = exists->next();
  if (!row) return row.error();
  if (exists->integer(0) == 0) return 0;

  auto version = db.prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!version) return version.error();
  row = version->next();
  if (!row) return row.error();
  return static_cast<int>(version->integer(0));
}

Result<int> applyMigrations(Connection& db) {
  if (Status created = db.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                  "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
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
    auto record = db.prepare(
        "INSERT INTO schema_migrations (version, applied_at) "
        "VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
    if (!record) return record.error();
    record->bindInt(1, version);
    if (Status recorded = record->run(); !recorded) return recorded.error();
  }
  return latestSchemaVersion();
}

}  // namespace mensajero::storage::sqlite
