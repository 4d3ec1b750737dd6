#pragma once

// Private to app/config*.cpp: the `organizations` section of the config file.

#include <vector>

#include "app/config.h"
#include "app/config_yaml.h"

namespace mensajero::app::detail {

// Reads and validates the `organizations` sequence (null gives none): names required and
// unique, ids UUIDs (returned lowercase) and unique, regions two uppercase letters, channel
// type/provider known and compatible, at most one channel per (type, provider) in an
// organization, and provider_config valid for its provider (Provider::readConfig). provider_config
// is returned as JSON text with ${NAME} substituted. Throws ConfigError naming the offending key,
// e.g. "organizations[0].channels[1].provider_config.phone_number_id".
std::vector<OrganizationSeed> readOrganizations(const YAML::Node& node,
                                                const Environment& environment);

}  // namespace mensajero::app::detail
