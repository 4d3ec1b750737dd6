#include "app/health_checks.h"

#include <string>

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;

constexpr int kProviderCacheMs = 30'000;
constexpr std::int64_t kBacklogDegraded = 10'000;

HealthService::CheckResult checkWhatsApp(storage::Store& store,
                                         delivery::ChannelRegistry& channels) {
  auto instances = store.listAllChannelInstances();
  if (!instances) return {HealthState::Unhealthy, "cannot list channel instances"};
  int total = 0;
  int failing = 0;
  std::string details;
  for (const auto& instance : *instances) {
    if (instance.channel_type != "whatsapp") continue;
    ++total;
    auto channel = channels.get(instance.id);
    const Status status = channel ? (*channel)->checkHealth() : Status(channel.error());
    if (!status) {
      ++failing;
      details += "channel " + instance.id + ": " + status.error().code + "; ";
    }
  }
  if (total == 0) return {HealthState::Healthy, "no WhatsApp channel instances"};
  if (failing == 0) return {HealthState::Healthy, std::to_string(total) + " channel(s) reachable"};
  return {failing == total ? HealthState::Unhealthy : HealthState::Degraded, details};
}

}  // namespace

void registerHealthChecks(HealthService& health, storage::Store& store,
                          delivery::ChannelRegistry& channels, delivery::Dispatcher& dispatcher) {
  health.addCheck("database", true, 0, [&store]() -> HealthService::CheckResult {
    if (auto ping = store.ping(); !ping) return {HealthState::Unhealthy, ping.error().code};
    return {HealthState::Healthy, ""};
  });
  health.addCheck("whatsapp_api", false, kProviderCacheMs,
                  [&store, &channels] { return checkWhatsApp(store, channels); });
  health.addCheck("message_queue", false, 0, [&store, &dispatcher]() -> HealthService::CheckResult {
    auto stats = store.stats();
    if (!stats) return {HealthState::Unhealthy, "cannot read the outbox"};
    const auto pending = stats->outbound_pending;
    return {pending > kBacklogDegraded ? HealthState::Degraded : HealthState::Healthy,
            std::to_string(pending) + " pending, " + std::to_string(dispatcher.queued()) +
                " in workers' queue"};
  });
  health.addCheck("webhook_processing", false, 0, [&store]() -> HealthService::CheckResult {
    auto stats = store.stats();
    if (!stats) return {HealthState::Unhealthy, "cannot read the webhook inbox"};
    const auto backlog = stats->webhooks_unprocessed;
    return {backlog > kBacklogDegraded ? HealthState::Degraded : HealthState::Healthy,
            std::to_string(backlog) + " stored webhooks awaiting processing"};
  });
}

}  // namespace mensajero::app
