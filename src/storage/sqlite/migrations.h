#pragma once

#include "common/result.h"
#include "storage/sqlite/connection.h"

namespace mensajero::storage::sqlite {

// The newest schema version this binary knows.
int latestSchemaVersion();

// The database's schema version: the highest row of schema_migrations, 0 when there is none.
Result<int> readSchemaVersion(Connection& db);

// Applies, in order, every migration newer than the database's version and records each in
// schema_migrations. Must run inside the caller's transaction, so a failed migration leaves no
// trace. Invalid (nothing applied) when the database is newer than this binary.
Result<int> applyMigrations(Connection& db);

}  // namespace mensajero::storage::sqlite
