#include "app/seed.h"

#include <spdlog/spdlog.h>

namespace mensajero::app {

Status applySeeds(storage::Store& store, const Config& config) {
  for (const auto& seed : config.organizations) {
    storage::OrganizationRecord organization;
    organization.id = seed.id.value_or("");
    organization.name = seed.name;
    organization.default_region = seed.default_region;
    auto stored = store.upsertOrganization(std::move(organization));
    if (!stored) return stored.error();
    auto existing = store.listChannelInstances(stored->id);
    if (!existing) return existing.error();
    for (const auto& channel_seed : seed.channels) {
      storage::ChannelInstanceRecord channel;
      channel.organization_id = stored->id;
      // The type was checked against the known channel types when the config was read.
      channel.channel_type =
          domain::parseChannelType(channel_seed.type).value_or(domain::ChannelType::WhatsApp);
      channel.provider = channel_seed.provider;
      channel.provider_config = channel_seed.provider_config_json;
      // A restart must not re-enable an instance an operator disabled or an emergency
      // shutdown stopped: only new instances start 'connected'.
      channel.status = "connected";
      for (const auto& known : *existing) {
        if (known.channel_type == channel.channel_type && known.provider == channel.provider) {
          channel.status = known.status;
        }
      }
      auto saved = store.upsertChannelInstance(std::move(channel));
      if (!saved) return saved.error();
      spdlog::info("organization {} ({}): {} channel via {} ready", stored->id, stored->name,
                   domain::toText(saved->channel_type), saved->provider);
    }
  }
  return {};
}

Result<std::map<std::string, std::vector<std::string>>> defaultFallbackChannels(
    storage::Store& store, const Config& config) {
  std::map<std::string, std::vector<std::string>> plans;
  for (const auto& seed : config.organizations) {
    if (seed.default_fallback_channels.empty()) continue;
    std::string id = seed.id.value_or("");
    if (id.empty()) {
      auto found = store.findOrganizationByName(seed.name);
      if (!found) return found.error();
      if (!*found) continue;  // applySeeds creates it; nothing to attach to otherwise
      id = (*found)->id;
    }
    plans[id] = seed.default_fallback_channels;
  }
  return plans;
}

Result<std::map<std::string, std::string>> defaultTemplateLanguages(storage::Store& store,
                                                                    const Config& config) {
  std::map<std::string, std::string> languages;
  for (const auto& seed : config.organizations) {
    std::string id = seed.id.value_or("");
    if (id.empty()) {
      auto found = store.findOrganizationByName(seed.name);
      if (!found) return found.error();
      if (!*found) continue;
      id = (*found)->id;
    }
    languages[id] = seed.default_language;
  }
  return languages;
}

}  // namespace mensajero::app
