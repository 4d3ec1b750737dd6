#include "app/channel_health.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/channel_plan.h"

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;

constexpr std::int64_t kProbeCacheMs = 30'000;

struct Probe {
  std::int64_t at_monotonic = -1;
  Status status;
};

// State of the check between reports. HealthService never runs one check twice at once, so
// the check owns it without a lock.
struct ChannelHealthState {
  std::vector<storage::ChannelInstanceRecord> last_listed;
  std::map<std::string, Probe> probes;  // by instance id
};

// Why the instance cannot deliver now, or an empty string when it can.
std::string obstacle(const storage::ChannelInstanceRecord& instance,
                     delivery::ChannelRegistry& channels, delivery::BreakerBoard& breakers,
                     const resilience::Clock& clock, ChannelHealthState& state) {
  if (!core::instanceUsable(instance)) return "disabled (" + instance.status + ")";
  const auto breaker = breakers.state(instance.id);
  if (breaker == resilience::BreakerState::Open || breaker == resilience::BreakerState::Shutdown) {
    return "circuit breaker " + std::string(resilience::toString(breaker));
  }
  const std::int64_t now = clock.monotonicMillis();
  Probe& probe = state.probes[instance.id];
  if (probe.at_monotonic < 0 || now - probe.at_monotonic >= kProbeCacheMs) {
    auto channel = channels.get(instance.id);
    probe.status = channel ? (*channel)->checkHealth() : Status(channel.error());
    probe.at_monotonic = now;
  }
  return probe.status ? "" : "unreachable: " + probe.status.error().code;
}

HealthService::CheckResult checkChannels(storage::Store& store, delivery::ChannelRegistry& channels,
                                         delivery::BreakerBoard& breakers,
                                         const resilience::Clock& clock,
                                         ChannelHealthState& state) {
  // With the database down, the last list read: the database check reports the outage.
  if (auto listed = store.listAllChannelInstances(); listed) {
    state.last_listed = std::move(*listed);
  } else if (state.last_listed.empty()) {
    return {HealthState::Degraded, "cannot list channel instances", {}};
  }
  int total = 0;
  int delivering = 0;
  std::vector<monitoring::ScopedDetail> scoped;  // instance ids: their organizations only
  for (const auto& instance : state.last_listed) {
    ++total;
    const std::string why = obstacle(instance, channels, breakers, clock, state);
    if (why.empty()) ++delivering;
    scoped.push_back({instance.organization_id,
                      "channel " + instance.id + " (" +
                          std::string(domain::toText(instance.channel_type)) + "/" +
                          instance.provider + "): " + (why.empty() ? "can deliver" : why)});
  }
  if (total == 0) return {HealthState::Healthy, "no channel instances", {}};
  const std::string summary =
      std::to_string(delivering) + " of " + std::to_string(total) + " channel(s) can deliver";
  const HealthState verdict = delivering == total ? HealthState::Healthy
                              : delivering > 0    ? HealthState::Degraded
                                                  : HealthState::Unhealthy;
  return {verdict, summary, std::move(scoped)};
}

}  // namespace

void registerChannelHealthCheck(monitoring::HealthService& health, storage::Store& store,
                                delivery::ChannelRegistry& channels,
                                delivery::BreakerBoard& breakers, const resilience::Clock& clock) {
  health.addCheck(
      "channels", /*critical=*/true, 0,
      [&store, &channels, &breakers, &clock, state = std::make_shared<ChannelHealthState>()] {
        return checkChannels(store, channels, breakers, clock, *state);
      });
}

}  // namespace mensajero::app
