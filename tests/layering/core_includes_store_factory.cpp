// In core's position: choosing and opening a store is app's wiring, not core's.
#include "storage/store_factory.h"
