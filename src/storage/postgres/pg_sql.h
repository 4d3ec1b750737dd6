#pragma once

// Times read from SQL. Records carry UnixMillis; columns are TIMESTAMPTZ, which holds
// microseconds, so whole milliseconds convert exactly. (Bound times travel as ISO-8601 text,
// see PgParams::time.)

// A timestamptz column as bigint milliseconds (NULL stays NULL). extract() yields numeric, so
// nothing passes through floating point.
#define PG_MILLIS(column) "(extract(epoch from " column ") * 1000)::bigint"

// PG_MILLIS named "<column>_ms", for select lists whose output must have distinct names (a
// CTE's RETURNING).
#define PG_MILLIS_COLUMN(column) PG_MILLIS(column) " AS " column "_ms"
