#include "app/channel_health.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/channel_plan.h"

namespace mensajero::app {
namespace {

using monitoring::HealthService;
using monitoring::HealthState;
using InstanceList = std::vector<storage::ChannelInstanceRecord>;

// The channel instances to report on. With the database down, the last list read: the
// database check reports the outage, and reporting it here too would say nothing new.
class InstanceLister {
 public:
  explicit InstanceLister(storage::Store& store) : store_(store) {}
  std::optional<InstanceList> list() {
    std::lock_guard lock(mutex_);
    if (auto listed = store_.listAllChannelInstances(); listed) {
      last_ = std::move(*listed);
      read_once_ = true;
    }
    if (!read_once_) return std::nullopt;
    return last_;
  }

 private:
  storage::Store& store_;
  std::mutex mutex_;
  InstanceList last_;       // guarded by mutex_
  bool read_once_ = false;  // guarded by mutex_
};

std::string describe(const storage::ChannelInstanceRecord& instance) {
  return "channel " + instance.id + " (" + std::string(domain::toText(instance.channel_type)) +
         "/" + instance.provider + ")";
}

HealthState fold(int total, int good) {
  if (good == total) return HealthState::Healthy;
  return good > 0 ? HealthState::Degraded : HealthState::Unhealthy;
}

HealthService::CheckResult checkWhatsApp(InstanceLister& lister, ChannelProbes& probes) {
  const auto listed = lister.list();
  if (!listed) return {HealthState::Unhealthy, "cannot list channel instances", {}};
  int total = 0;
  int answering = 0;
  std::vector<monitoring::ScopedDetail> scoped;  // instance ids and errors: their owners only
  for (const auto& instance : *listed) {
    if (instance.channel_type != domain::ChannelType::WhatsApp) continue;
    if (!core::instanceUsable(instance)) continue;  // circuit_breaker reports it as disabled
    ++total;
    const Status status = probes.verdict(instance.id);
    if (status) {
      ++answering;
    } else {
      scoped.push_back({instance.organization_id, describe(instance) + ": " + status.error().code});
    }
  }
  if (total == 0) return {HealthState::Healthy, "no enabled WhatsApp channel instances", {}};
  return {
      fold(total, answering),
      std::to_string(answering) + " of " + std::to_string(total) + " WhatsApp channel(s) reachable",
      std::move(scoped)};
}

// Why the instance cannot deliver now, or an empty string when it can. `counts` tallies the
// breaker states for the global details.
std::string obstacle(const storage::ChannelInstanceRecord& instance,
                     delivery::BreakerBoard& breakers, ChannelProbes& probes,
                     std::map<std::string, int>& counts) {
  if (!core::instanceUsable(instance)) {
    ++counts["disabled"];
    return "disabled (" + instance.status + ")";
  }
  const auto breaker = breakers.state(instance.id);
  ++counts[std::string(resilience::toString(breaker))];
  if (breaker == resilience::BreakerState::Open || breaker == resilience::BreakerState::Shutdown) {
    return "circuit breaker " + std::string(resilience::toString(breaker));
  }
  const Status probe = probes.verdict(instance.id);
  return probe ? "" : "unreachable: " + probe.error().code;
}

HealthService::CheckResult checkBreakers(InstanceLister& lister, delivery::BreakerBoard& breakers,
                                         ChannelProbes& probes) {
  const auto listed = lister.list();
  if (!listed) return {HealthState::Degraded, "cannot list channel instances", {}};
  int total = 0;
  int delivering = 0;
  std::map<std::string, int> counts;
  std::vector<monitoring::ScopedDetail> scoped;  // instance ids: their organizations only
  for (const auto& instance : *listed) {
    ++total;
    const std::string why = obstacle(instance, breakers, probes, counts);
    if (why.empty()) ++delivering;
    scoped.push_back({instance.organization_id,
                      describe(instance) + ": " + (why.empty() ? "can deliver" : why)});
  }
  if (total == 0) return {HealthState::Healthy, "no channel instances", {}};
  std::string summary =
      std::to_string(delivering) + " of " + std::to_string(total) + " channel(s) can deliver (";
  bool first = true;
  for (const auto& [state, count] : counts) {
    summary += (first ? "" : ", ") + std::to_string(count) + " " + state;
    first = false;
  }
  summary += ")";
  return {fold(total, delivering), std::move(summary), std::move(scoped)};
}

}  // namespace

HealthService::Check whatsAppApiCheck(storage::Store& store, ChannelProbes& probes) {
  return [&probes, lister = std::make_shared<InstanceLister>(store)] {
    return checkWhatsApp(*lister, probes);
  };
}

HealthService::Check circuitBreakerCheck(storage::Store& store, delivery::BreakerBoard& breakers,
                                         ChannelProbes& probes) {
  return [&breakers, &probes, lister = std::make_shared<InstanceLister>(store)] {
    return checkBreakers(*lister, breakers, probes);
  };
}

}  // namespace mensajero::app
