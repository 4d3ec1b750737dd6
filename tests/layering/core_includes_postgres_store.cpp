// In core's position: core uses the Store interface; libpq is linked into app only.
#include "storage/postgres/postgres_store.h"
