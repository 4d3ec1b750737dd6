#include "app/health_checks.h"

#include <string>
#include <vector>

#include "app/channel_health.h"
#include "core/channel_warnings.h"

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;

constexpr std::int64_t kBacklogDegraded = 10'000;

HealthService::CheckResult checkDatabase(storage::Store& store) {
  if (auto ping = store.ping(); !ping) return {HealthState::Unhealthy, ping.error().code, {}};
  return {HealthState::Healthy, "", {}};
}

HealthService::CheckResult checkMessageQueue(storage::Store& store,
                                             delivery::Dispatcher& dispatcher) {
  auto stats = store.stats();
  if (!stats) return {HealthState::Unhealthy, "cannot read the outbox", {}};
  const auto pending = stats->outbound_pending;
  return {pending > kBacklogDegraded ? HealthState::Degraded : HealthState::Healthy,
          std::to_string(pending) + " pending, " + std::to_string(dispatcher.queued()) +
              " in workers' queue",
          {}};
}

// Whether providers' webhooks are taken and processed: a channel instance that cannot verify
// its provider's webhooks (no app_secret) loses every status and reply (each is refused with
// 401) until an operator sets the secret; a backlog of stored webhooks means statuses and
// replies arrive late.
HealthService::CheckResult checkWebhookEndpoint(storage::Store& store,
                                                const channels::ProviderRegistry& providers) {
  auto listed = store.listAllChannelInstances();
  auto stats = store.stats();
  if (!listed || !stats) return {HealthState::Unhealthy, "cannot read the webhook inbox", {}};
  std::vector<monitoring::ScopedDetail> scoped;
  for (const auto& instance : *listed) {
    for (const std::string& warning : core::channelWarnings(providers, instance)) {
      scoped.push_back({instance.organization_id, "channel " + instance.id + ": " + warning});
    }
  }
  const auto backlog = stats->webhooks_unprocessed;
  std::string details = std::to_string(backlog) + " stored webhooks awaiting processing";
  if (!scoped.empty()) {
    details += "; " + std::to_string(scoped.size()) + " channel instance(s) need attention";
  }
  const bool degraded = backlog > kBacklogDegraded || !scoped.empty();
  return {degraded ? HealthState::Degraded : HealthState::Healthy, std::move(details),
          std::move(scoped)};
}

}  // namespace

void registerHealthChecks(HealthService& health, HealthCheckParts parts) {
  health.addCheck("database", /*critical=*/true, 0,
                  [&store = parts.store] { return checkDatabase(store); });
  health.addCheck("whatsapp_api", /*critical=*/false, 0,
                  whatsAppApiCheck(parts.store, parts.probes));
  health.addCheck("circuit_breaker", /*critical=*/true, 0,
                  circuitBreakerCheck(parts.store, parts.breakers, parts.probes));
  health.addCheck("message_queue", /*critical=*/false, 0,
                  [&store = parts.store, &dispatcher = parts.dispatcher] {
                    return checkMessageQueue(store, dispatcher);
                  });
  health.addCheck("webhook_endpoint", /*critical=*/false, 0,
                  [&store = parts.store, &providers = parts.providers] {
                    return checkWebhookEndpoint(store, providers);
                  });
}

}  // namespace mensajero::app
