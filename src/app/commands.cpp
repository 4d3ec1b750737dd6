#include "app/commands.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/gateway.h"
#include "app/seed.h"
#include "app/store_setup.h"
#include "resilience/clock.h"
#include "security/api_key.h"
#include "security/api_key_scopes.h"
#include "security/crypto.h"

namespace mensajero::app {
namespace {

// Written atomically so a watcher never reads a half-written port.
void writeReadyFile(const std::string& path, std::uint16_t port) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << port << '\n';
  }
  std::filesystem::rename(temporary, path);
}

}  // namespace

int runServe(const Config& config, const std::optional<std::string>& ready_file) {
  Gateway gateway(config);
  const std::uint16_t port = gateway.start();
  if (ready_file) writeReadyFile(*ready_file, port);
  std::cout << "mensajero listening on http://" << config.server.host << ':' << port << std::endl;
  gateway.runUntilSignal();
  return 0;
}

int runMigrate(const Config& config) {
  auto store = openMigratedStore(config);
  if (auto seeded = applySeeds(*store, config); !seeded) {
    std::cerr << "error: organizations: " << seeded.error().message << '\n';
    return 1;
  }
  auto version = store->schemaVersion();
  if (!version) {
    std::cerr << "error: " << version.error().message << '\n';
    return 1;
  }
  std::cout << "schema version " << *version << '\n';
  return 0;
}

int runOrgCreate(const Config& config, const std::string& name, const std::string& region,
                 const std::optional<std::string>& id) {
  if (id && !security::isUuid(*id)) {
    std::cerr << "error: --id must be a UUID\n";
    return 2;
  }
  auto store = openMigratedStore(config);
  storage::OrganizationRecord organization;
  organization.id = id.value_or("");
  organization.name = name;
  organization.default_region = region;
  auto created = store->createOrganization(std::move(organization));
  if (!created) {
    std::cerr << "error: " << created.error().message << '\n';
    return 1;
  }
  std::cout << "organization '" << created->name << "' created\n" << created->id << std::endl;
  return 0;
}

int runKeyCreate(const Config& config, const std::string& organization_id, const std::string& name,
                 const std::string& scopes) {
  const auto parsed = security::parseScopes(scopes);
  if (!parsed) {
    std::cerr << "error: --scopes must list some of send, read, admin (comma-separated)\n";
    return 2;
  }
  auto store = openMigratedStore(config);
  const auto issued = security::issueApiKey();
  storage::ApiKeyRecord key;
  key.organization_id = organization_id;
  key.name = name;
  key.key_hash = issued.hash;
  key.scopes = parsed->toString();
  key.created_at = resilience::SystemClock().now();
  auto stored = store->insertApiKey(std::move(key));
  if (!stored) {
    std::cerr << "error: " << stored.error().message << '\n';
    return 1;
  }
  std::cout << "API key '" << name << "' (id " << stored->id << ", scopes " << stored->scopes
            << ") for organization " << organization_id
            << " (shown once; only its hash is stored):\n"
            << issued.token << std::endl;
  return 0;
}

int runKeyList(const Config& config, const std::string& organization_id) {
  auto store = openMigratedStore(config);
  auto keys = store->listApiKeys(organization_id);
  if (!keys) {
    std::cerr << "error: " << keys.error().message << '\n';
    return 1;
  }
  std::cout << "id\tname\tscopes\tcreated_at\trevoked_at\n";
  for (const auto& key : *keys) {
    std::cout << key.id << '\t' << key.name << '\t' << key.scopes << '\t'
              << formatIso8601(key.created_at) << '\t'
              << (key.revoked_at ? formatIso8601(*key.revoked_at) : "-") << '\n';
  }
  std::cout << std::flush;
  return 0;
}

int runKeyRevoke(const Config& config, const std::string& key_id) {
  auto store = openMigratedStore(config);
  auto revoked = store->revokeApiKey(key_id, resilience::SystemClock().now());
  if (!revoked) {
    std::cerr << "error: " << revoked.error().message << '\n';
    return 1;
  }
  std::cout << "API key '" << revoked->name << "' of organization " << revoked->organization_id
            << " revoked at " << formatIso8601(*revoked->revoked_at)
            << "; every instance refuses it within a second\n"
            << revoked->id << std::endl;
  return 0;
}

}  // namespace mensajero::app
