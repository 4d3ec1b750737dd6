#pragma once

#include <stdexcept>
#include <string>

#include "storage/store.h"
#include "storage/store_factory.h"
#include "support/temp_dir.h"

namespace mensajero::testing {

// A real SQLite store, migrated, in a file of `dir`, with one organization (default region
// US) and its WhatsApp channel instance on Meta with `provider_config`. Throws when any step
// fails: a test cannot start without it.
struct SeededStore {
  storage::StorePtr store;
  std::string organization_id;
  std::string channel_id;
};

inline std::string addOrganization(storage::Store& store, const std::string& name) {
  storage::OrganizationRecord organization;
  organization.name = name;
  organization.default_region = "US";
  auto created = store.createOrganization(organization);
  if (!created) throw std::runtime_error("createOrganization: " + created.error().message);
  return created->id;
}

inline std::string addChannel(storage::Store& store, const std::string& organization_id,
                              const std::string& provider_config) {
  storage::ChannelInstanceRecord channel;
  channel.organization_id = organization_id;
  channel.provider_config = provider_config;
  auto stored = store.upsertChannelInstance(channel);
  if (!stored) throw std::runtime_error("upsertChannelInstance: " + stored.error().message);
  return stored->id;
}

inline SeededStore openSeededStore(
    const TempDir& dir,
    const std::string& provider_config =
        R"({"base_url":"http://127.0.0.1:9","phone_number_id":"100200300","access_token":"t"})") {
  storage::StoreOptions options;
  options.url = "sqlite:" + dir.file("store.db");
  auto opened = storage::openStore(options);
  if (!opened) throw std::runtime_error("openStore: " + opened.error().message);
  SeededStore seeded;
  seeded.store = std::move(*opened);
  if (auto migrated = seeded.store->migrate(); !migrated) {
    throw std::runtime_error("migrate: " + migrated.error().message);
  }
  seeded.organization_id = addOrganization(*seeded.store, "Clinic");
  seeded.channel_id = addChannel(*seeded.store, seeded.organization_id, provider_config);
  return seeded;
}

}  // namespace mensajero::testing
