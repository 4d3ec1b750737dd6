#include "app/health_checks.h"

#include <utility>

#include <memory>
#include <string>
#include <vector>

#include "core/channel_warnings.h"

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;

constexpr int kProviderCacheMs = 30'000;
constexpr int kWebhookVerificationCacheMs = 5'000;
constexpr std::int64_t kBacklogDegraded = 10'000;

// The instances the WhatsApp check probes. HealthService never runs one check twice at once,
// so the check owns this without a lock.
using InstanceList = std::vector<storage::ChannelInstanceRecord>;

// Reports on the providers only. With the database down it probes the instances of the last
// list it read: the database check reports the outage, and a verdict of this check is cached
// for kProviderCacheMs, so a failed listing reported here would keep the gateway "degraded"
// for that long after the database is back.
HealthService::CheckResult checkWhatsApp(storage::Store& store, delivery::ChannelRegistry& channels,
                                         InstanceList& last_listed) {
  if (auto listed = store.listAllChannelInstances(); listed) {
    last_listed = std::move(*listed);
  } else if (last_listed.empty()) {
    return {HealthState::Unhealthy, "cannot list channel instances", {}};
  }
  int total = 0;
  int failing = 0;
  std::vector<monitoring::ScopedDetail> scoped;  // instance ids and errors: their owners only
  for (const auto& instance : last_listed) {
    if (instance.channel_type != domain::ChannelType::WhatsApp) continue;
    ++total;
    auto channel = channels.get(instance.id);
    const Status status = channel ? (*channel)->checkHealth() : Status(channel.error());
    if (!status) {
      ++failing;
      scoped.push_back(
          {instance.organization_id, "channel " + instance.id + ": " + status.error().code});
    }
  }
  if (total == 0) return {HealthState::Healthy, "no WhatsApp channel instances", {}};
  if (failing == 0) {
    return {HealthState::Healthy, std::to_string(total) + " channel(s) reachable", {}};
  }
  return {failing == total ? HealthState::Unhealthy : HealthState::Degraded,
          std::to_string(failing) + " of " + std::to_string(total) + " channel(s) unreachable",
          std::move(scoped)};
}

// Channel instances that cannot verify their provider's webhooks lose every status and reply
// (each is refused with 401): degraded until an operator sets the secret.
HealthService::CheckResult checkWebhookVerification(storage::Store& store,
                                                    const channels::ProviderRegistry& providers) {
  auto listed = store.listAllChannelInstances();
  if (!listed) return {HealthState::Degraded, "cannot list channel instances", {}};
  std::vector<monitoring::ScopedDetail> scoped;
  for (const auto& instance : *listed) {
    for (const std::string& warning : core::channelWarnings(providers, instance)) {
      scoped.push_back({instance.organization_id, "channel " + instance.id + ": " + warning});
    }
  }
  if (scoped.empty()) return {HealthState::Healthy, "", {}};
  return {HealthState::Degraded,
          std::to_string(scoped.size()) + " channel instance(s) need attention", std::move(scoped)};
}

}  // namespace

void registerHealthChecks(HealthService& health, storage::Store& store,
                          const channels::ProviderRegistry& providers,
                          delivery::ChannelRegistry& channels, delivery::Dispatcher& dispatcher) {
  health.addCheck("database", true, 0, [&store]() -> HealthService::CheckResult {
    if (auto ping = store.ping(); !ping) return {HealthState::Unhealthy, ping.error().code, {}};
    return {HealthState::Healthy, "", {}};
  });
  health.addCheck("whatsapp_api", false, kProviderCacheMs,
                  [&store, &channels, last_listed = std::make_shared<InstanceList>()] {
                    return checkWhatsApp(store, channels, *last_listed);
                  });
  health.addCheck("webhook_verification", false, kWebhookVerificationCacheMs,
                  [&store, &providers] { return checkWebhookVerification(store, providers); });
  health.addCheck("message_queue", false, 0, [&store, &dispatcher]() -> HealthService::CheckResult {
    auto stats = store.stats();
    if (!stats) return {HealthState::Unhealthy, "cannot read the outbox", {}};
    const auto pending = stats->outbound_pending;
    return {pending > kBacklogDegraded ? HealthState::Degraded : HealthState::Healthy,
            std::to_string(pending) + " pending, " + std::to_string(dispatcher.queued()) +
                " in workers' queue",
            {}};
  });
  health.addCheck("webhook_processing", false, 0, [&store]() -> HealthService::CheckResult {
    auto stats = store.stats();
    if (!stats) return {HealthState::Unhealthy, "cannot read the webhook inbox", {}};
    const auto backlog = stats->webhooks_unprocessed;
    return {backlog > kBacklogDegraded ? HealthState::Degraded : HealthState::Healthy,
            std::to_string(backlog) + " stored webhooks awaiting processing",
            {}};
  });
}

}  // namespace mensajero::app
