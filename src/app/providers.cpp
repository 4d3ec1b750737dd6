#include "app/providers.h"

#include "channels/meta/meta_provider.h"
#include "channels/twilio/twilio_provider.h"

namespace mensajero::app {

const channels::ProviderRegistry& builtInProviders() {
  // Explicit calls, not static self-registration: an object file that only registers itself
  // is never pulled out of a static library, so such a provider would silently go missing.
  static const channels::ProviderRegistry registry = [] {
    channels::ProviderRegistry providers;
    channels::meta::registerProvider(providers);
    channels::twilio::registerProvider(providers);
    return providers;
  }();
  return registry;
}

}  // namespace mensajero::app
