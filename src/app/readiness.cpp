#include "app/readiness.h"

#include <utility>

#include <string>

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;

HealthService::CheckResult checkMigrations(storage::Store& store) {
  auto version = store.schemaVersion();
  if (!version) return {HealthState::Unhealthy, "cannot read the schema version", {}};
  const int latest = store.latestSchemaVersion();
  const std::string versions =
      "schema version " + std::to_string(*version) + ", latest " + std::to_string(latest);
  return {*version == latest ? HealthState::Healthy : HealthState::Unhealthy, versions, {}};
}

}  // namespace

void registerReadinessChecks(HealthService& readiness, storage::Store& store,
                             std::function<bool()> shutting_down) {
  readiness.addCheck("database", /*critical=*/true, 0, [&store]() -> HealthService::CheckResult {
    if (auto ping = store.ping(); !ping) return {HealthState::Unhealthy, ping.error().code, {}};
    return {HealthState::Healthy, "", {}};
  });
  readiness.addCheck("migrations", /*critical=*/true, 0,
                     [&store] { return checkMigrations(store); });
  readiness.addCheck("shutdown", /*critical=*/true, 0,
                     [shutting_down = std::move(shutting_down)]() -> HealthService::CheckResult {
                       if (shutting_down()) return {HealthState::Unhealthy, "draining", {}};
                       return {HealthState::Healthy, "", {}};
                     });
}

}  // namespace mensajero::app
