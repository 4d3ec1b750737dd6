#pragma once

#include "common/result.h"
#include "storage/postgres/pg_connection.h"

namespace mensajero::storage::postgres {

// The newest schema version this binary knows; the same numbering as the SQLite store.
int latestSchemaVersion();

// The database's schema version: the highest row of schema_migrations, 0 when there is none.
Result<int> readSchemaVersion(PgConnection& db);

// Applies, in order, every migration newer than the database's version and records each in
// schema_migrations. Must run inside the caller's transaction, so a failed migration leaves no
// trace. Takes a transaction-scoped advisory lock first: instances starting together apply
// each migration once, the later ones waiting and then finding nothing to do. Invalid
// (nothing applied) when the database is newer than this binary.
Result<int> applyMigrations(PgConnection& db);

}  // namespace mensajero::storage::postgres
