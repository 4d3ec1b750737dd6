#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/provider.h"

namespace mensajero::channels {

// The providers this build can use, by name. Filled once at start-up and read-only after,
// so lookups need no lock and may come from any thread.
//
// Registration is explicit (app/providers.cpp calls channels::<provider>::registerProvider):
// a provider that registered itself from a static initializer would be dropped by the linker,
// because nothing references its object file inside the static library.
class ProviderRegistry {
 public:
  ProviderRegistry() = default;
  ProviderRegistry(const ProviderRegistry&) = delete;
  ProviderRegistry& operator=(const ProviderRegistry&) = delete;
  ProviderRegistry(ProviderRegistry&&) = default;
  ProviderRegistry& operator=(ProviderRegistry&&) = default;

  // Throws std::logic_error for a second provider of the same name (a start-up bug).
  void add(ProviderPtr provider);
  // nullptr when no provider of that name is registered.
  const Provider* find(std::string_view name) const;
  // The registered names, sorted.
  std::vector<std::string> names() const;

  // What the webhooks of a stored channel instance name: nullopt when its provider is not
  // registered (it sends no webhooks this gateway reads); a config that does not parse names
  // no number and verifies nothing.
  std::optional<WebhookIdentity> webhookIdentity(std::string_view provider,
                                                 std::string_view provider_config) const;

 private:
  std::map<std::string, ProviderPtr, std::less<>> providers_;
};

}  // namespace mensajero::channels
