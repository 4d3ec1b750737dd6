#include "channels/provider_registry.h"

#include <stdexcept>

namespace mensajero::channels {

void ProviderRegistry::add(ProviderPtr provider) {
  std::string name(provider->name());
  if (!providers_.try_emplace(name, std::move(provider)).second) {
    throw std::logic_error("provider '" + name + "' registered twice");
  }
}

const Provider* ProviderRegistry::find(std::string_view name) const {
  auto it = providers_.find(name);
  return it == providers_.end() ? nullptr : it->second.get();
}

std::vector<std::string> ProviderRegistry::names() const {
  std::vector<std::string> names;
  for (const auto& [name, provider] : providers_) names.push_back(name);
  return names;
}

std::optional<WebhookIdentity> ProviderRegistry::webhookIdentity(
    std::string_view provider, std::string_view provider_config) const {
  const Provider* found = find(provider);
  if (found == nullptr) return std::nullopt;
  auto config = found->parseConfig(provider_config);
  if (!config) return WebhookIdentity{};
  return found->webhookIdentity(**config);
}

}  // namespace mensajero::channels
