// In api's position: api may use the Store interface, never a backend (only app opens one).
#include "storage/sqlite/sqlite_store.h"
