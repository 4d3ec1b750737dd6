#pragma once

// The neutral vocabulary lives with the providers that emit it (channels/inbound_kinds.h);
// core and the API keep reading it under their old names.
#include "channels/inbound_kinds.h"

namespace mensajero::core {
namespace inbound_kinds = channels::inbound_kinds;
namespace drop_reasons = channels::drop_reasons;
}  // namespace mensajero::core
