// In core's position: the arrows point from api to core, never back.
#include "api/api.h"
