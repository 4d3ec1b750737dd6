#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/config.h"
#include "common/result.h"
#include "storage/store.h"

namespace mensajero::app {

// Creates or updates the organizations and channel instances the config declares, so a
// deployment is reproducible from its config file. Organizations match by id when given,
// else by name; channel instances are unique per (organization, type, provider).
Status applySeeds(storage::Store& store, const Config& config);

// Each seeded organization's default_fallback_channels by its stored id (organizations
// declared by name are looked up). Run after applySeeds.
Result<std::map<std::string, std::vector<std::string>>> defaultFallbackChannels(
    storage::Store& store, const Config& config);

// Each seeded organization's default_language by its stored id (as defaultFallbackChannels).
Result<std::map<std::string, std::string>> defaultTemplateLanguages(storage::Store& store,
                                                                    const Config& config);

}  // namespace mensajero::app
