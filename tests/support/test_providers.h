#pragma once

#include "channels/meta/meta_provider.h"
#include "channels/provider_registry.h"

namespace mensajero::testing {

// The providers unit tests build channels and parse webhooks with: Meta, as the gateway
// registers it (app/providers.cpp), without linking the app module.
inline const channels::ProviderRegistry& testProviders() {
  static const channels::ProviderRegistry registry = [] {
    channels::ProviderRegistry providers;
    channels::meta::registerProvider(providers);
    return providers;
  }();
  return registry;
}

}  // namespace mensajero::testing
