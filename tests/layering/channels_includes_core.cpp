// In channels' position: a provider knows transport and security, not the use cases above it.
#include "core/send_service.h"
