// In mensajero_metrics' position: the registry depends on nothing of the project, so every
// module may count into it without an arrow back.
#include "storage/store.h"
