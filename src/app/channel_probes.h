#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "common/result.h"
#include "delivery/channel_registry.h"
#include "resilience/clock.h"

namespace mensajero::app {

// The provider health probes of the channel instances (Meta: a GET of the business profile),
// each made at most once per `interval_ms` of the injected clock, however many health reports
// or checks ask: the verdict is cached per instance, and a caller that finds a probe of the
// same instance in flight waits for its verdict instead of making a second call. So a busy
// /api/v2/health never multiplies calls to a provider (issue 12, point 2).
// Thread-safe; `channels` and `clock` must outlive it.
class ChannelProbes {
 public:
  ChannelProbes(delivery::ChannelRegistry& channels, const resilience::Clock& clock,
                std::int64_t interval_ms);
  ChannelProbes(const ChannelProbes&) = delete;
  ChannelProbes& operator=(const ChannelProbes&) = delete;

  // The instance's last verdict when younger than the interval, else a new probe's. Blocks
  // while a probe of this instance runs (the provider's timeout bounds it).
  Status verdict(const std::string& instance_id);

 private:
  struct Probe {
    std::int64_t at_monotonic = -1;  // when the cached verdict was made; -1: never
    bool in_flight = false;
    Status status;
  };

  delivery::ChannelRegistry& channels_;
  const resilience::Clock& clock_;
  const std::int64_t interval_ms_;
  std::mutex mutex_;
  std::condition_variable probed_;
  std::map<std::string, Probe> probes_;  // by instance id; guarded by mutex_
};

}  // namespace mensajero::app
