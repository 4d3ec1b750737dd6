#pragma once

#include "channels/provider_registry.h"

namespace mensajero::app {

// The providers built into this binary, registered once on first use (thread-safe) and never
// changed after. Adding a provider means one registerProvider call in providers.cpp.
const channels::ProviderRegistry& builtInProviders();

}  // namespace mensajero::app
