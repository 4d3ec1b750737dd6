// The control: in api's position, headers of modules api declares compile, so the probes
// above fail because of their one forbidden include and for no other reason.
#include "api/api.h"
#include "channels/channel.h"
#include "core/send_service.h"
#include "storage/store.h"
