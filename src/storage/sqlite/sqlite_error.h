#pragma once

#include <string_view>

#include "common/result.h"

struct sqlite3;

namespace mensajero::storage::sqlite {

// Translates an SQLite result code into our categories, so nothing above storage sees a raw
// code: BUSY, LOCKED, IOERR, FULL and CANTOPEN become Unavailable (the database is out of
// reach or contended past its timeout), CONSTRAINT becomes Conflict, anything else Internal.
Error translateError(int rc, std::string_view detail);

// As translateError, with the connection's last message as detail. `db` may be null.
Error connectionError(sqlite3* db, int rc);

}  // namespace mensajero::storage::sqlite
