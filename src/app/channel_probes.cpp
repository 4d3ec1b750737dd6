#include "app/channel_probes.h"

#include <exception>

namespace mensajero::app {

ChannelProbes::ChannelProbes(delivery::ChannelRegistry& channels, const resilience::Clock& clock,
                             std::int64_t interval_ms)
    : channels_(channels), clock_(clock), interval_ms_(interval_ms) {}

Status ChannelProbes::verdict(const std::string& instance_id) {
  std::unique_lock lock(mutex_);
  Probe& probe = probes_[instance_id];  // std::map: the reference survives other insertions
  probed_.wait(lock, [&probe] { return !probe.in_flight; });
  const std::int64_t now = clock_.monotonicMillis();
  if (probe.at_monotonic >= 0 && now - probe.at_monotonic < interval_ms_) return probe.status;
  probe.in_flight = true;
  lock.unlock();
  // The provider call runs unlocked: other instances' verdicts are not held up by this one.
  Status status;
  try {
    auto channel = channels_.get(instance_id);
    status = channel ? (*channel)->checkHealth() : Status(channel.error());
  } catch (const std::exception&) {
    // A probe that throws must still end its flight, or every later caller would wait forever.
    status = makeError(ErrorCategory::Internal, "probe_failed", "the health probe failed");
  }
  lock.lock();
  probe.status = std::move(status);
  probe.at_monotonic = now;
  probe.in_flight = false;
  probed_.notify_all();
  return probe.status;
}

}  // namespace mensajero::app
