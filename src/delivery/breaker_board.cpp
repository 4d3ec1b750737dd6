#include "delivery/breaker_board.h"

#include <utility>

#include <limits>
#include <string_view>

#include <spdlog/spdlog.h>

#include "delivery/breaker_settings.h"
#include "monitoring/gateway_metrics.h"

namespace mensajero::delivery {
namespace {

// circuit_breaker_events.event_type values.
std::string eventType(resilience::BreakerState to) {
  switch (to) {
    case resilience::BreakerState::Open:
      return "opened";
    case resilience::BreakerState::HalfOpen:
      return "half_open";
    case resilience::BreakerState::Closed:
      return "closed";
    case resilience::BreakerState::Shutdown:
      return "shutdown";
  }
  return "closed";
}

}  // namespace

BreakerBoard::BreakerBoard(storage::Store& store, const resilience::Clock& clock,
                           resilience::CircuitBreakerConfig config)
    : store_(store), clock_(clock), config_(config) {}

resilience::CircuitBreaker& BreakerBoard::forChannel(const std::string& channel_instance_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = breakers_.find(channel_instance_id);
    if (it != breakers_.end()) return *it->second;
  }
  // Read outside the lock: the store may be slow, and other channels' callers must not wait.
  const resilience::CircuitBreakerConfig settings = settingsFor(channel_instance_id);
  std::lock_guard lock(mutex_);
  auto& breaker = breakers_[channel_instance_id];
  if (!breaker) {
    breaker = std::make_unique<resilience::CircuitBreaker>(
        "channel:" + channel_instance_id, settings, clock_,
        [this, channel_instance_id](const resilience::BreakerTransition& transition) {
          onTransition(channel_instance_id, transition);
        });
  }
  return *breaker;
}

resilience::BreakerState BreakerBoard::state(const std::string& channel_instance_id) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(channel_instance_id);
  return it == breakers_.end() ? resilience::BreakerState::Closed : it->second->state();
}

int BreakerBoard::admissibleCalls(const std::string& channel_instance_id) {
  std::lock_guard lock(mutex_);
  auto it = breakers_.find(channel_instance_id);
  return it == breakers_.end() ? std::numeric_limits<int>::max() : it->second->admissibleCalls();
}

std::map<std::string, resilience::BreakerState> BreakerBoard::states() {
  std::lock_guard lock(mutex_);
  std::map<std::string, resilience::BreakerState> out;
  for (const auto& [id, breaker] : breakers_) out.emplace(id, breaker->state());
  return out;
}

void BreakerBoard::setOnAdmitting(std::function<void()> on_admitting) {
  on_admitting_ = std::move(on_admitting);
}

resilience::CircuitBreakerConfig BreakerBoard::settingsFor(const std::string& channel_instance_id) {
  auto channel = store_.findChannelInstance(channel_instance_id);
  if (!channel) {
    spdlog::warn(
        "channel {}: reading its circuit breaker settings failed ({}); using the global "
        "settings",
        channel_instance_id, channel.error().message);
    return config_;
  }
  if (!*channel) return config_;
  auto settings = breakerSettingsFor(config_, std::string_view((*channel)->provider_config));
  if (!settings) {
    spdlog::error("channel {}: {}; its circuit breaker uses the global settings",
                  channel_instance_id, settings.error().message);
    return config_;
  }
  return *settings;
}

void BreakerBoard::reset(const std::string& channel_instance_id) {
  {
    std::lock_guard lock(mutex_);
    shutdowns_stored_.erase(channel_instance_id);
  }
  forChannel(channel_instance_id).reset();
}

bool BreakerBoard::resetIfReenabled(const std::string& channel_instance_id) {
  if (state(channel_instance_id) != resilience::BreakerState::Shutdown) return false;
  {
    std::lock_guard lock(mutex_);
    if (!shutdowns_stored_.contains(channel_instance_id)) return false;
  }
  auto channel = store_.findChannelInstance(channel_instance_id);
  if (!channel || !*channel || (*channel)->status != "connected") return false;
  spdlog::info("channel {} was re-enabled: its circuit breaker is reset", channel_instance_id);
  reset(channel_instance_id);
  return true;
}

void BreakerBoard::onTransition(const std::string& channel_instance_id,
                                const resilience::BreakerTransition& transition) {
  spdlog::warn("circuit breaker {}: {} -> {} (failures in window {}, since recovery {}): {}",
               transition.name, resilience::toString(transition.from),
               resilience::toString(transition.to), transition.failures_in_window,
               transition.failures_since_recovery, transition.detail);
  const monitoring::InstanceLabels labels = monitoring::instanceLabels(channel_instance_id);
  monitoring::gatewayMetrics()
      .breaker_transitions
      .with({channel_instance_id, labels.channel_type, labels.provider, eventType(transition.to)})
      .inc();
  const storage::CircuitBreakerEventRecord event{transition.name, eventType(transition.to),
                                                 transition.failures_since_recovery,
                                                 transition.detail, transition.at};
  if (auto stored = store_.recordCircuitBreakerEvent(event); !stored) {
    spdlog::error("storing a circuit breaker event failed: {}", stored.error().message);
  }
  if ((transition.to == resilience::BreakerState::Closed ||
       transition.to == resilience::BreakerState::HalfOpen) &&
      on_admitting_) {
    on_admitting_();
  }
  if (transition.to == resilience::BreakerState::Shutdown) {
    {
      // A mark left by an earlier shutdown must not vouch for this one before it is stored.
      std::lock_guard lock(mutex_);
      shutdowns_stored_.erase(channel_instance_id);
    }
    if (auto marked = store_.setChannelStatus(channel_instance_id, "error",
                                              "emergency shutdown: " + transition.detail);
        !marked) {
      spdlog::error("marking channel {} as failed: {}", channel_instance_id,
                    marked.error().message);
    } else {
      // An operator may have re-enabled the channel here while the status was being written;
      // the mark is only for a breaker that is still shut down.
      std::lock_guard lock(mutex_);
      auto it = breakers_.find(channel_instance_id);
      if (it != breakers_.end() && it->second->state() == resilience::BreakerState::Shutdown) {
        shutdowns_stored_.insert(channel_instance_id);
      }
    }
  }
}

}  // namespace mensajero::delivery
