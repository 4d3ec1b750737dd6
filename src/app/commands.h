#pragma once

#include <optional>
#include <string>

#include "app/config.h"

namespace mensajero::app {

// The subcommands of the `mensajero` binary. Each returns the process exit code; errors
// are reported on stderr. Results meant for scripts are the last line on stdout.
int runServe(const Config& config, const std::optional<std::string>& ready_file);
// Applies migrations, then the organizations and channels of the config.
int runMigrate(const Config& config);
int runOrgCreate(const Config& config, const std::string& name, const std::string& region,
                 const std::optional<std::string>& id);
// `scopes`: comma-separated send, read, admin (exit 2 when unknown).
int runKeyCreate(const Config& config, const std::string& organization_id, const std::string& name,
                 const std::string& scopes);
// One line per key of the organization (revoked ones too), tab-separated under a header:
// id, name, scopes, created_at, revoked_at ("-" while active). Never a token: none is stored.
int runKeyList(const Config& config, const std::string& organization_id);
// Revokes the key: every gateway instance on the same database refuses it within a second.
int runKeyRevoke(const Config& config, const std::string& key_id);

}  // namespace mensajero::app
