#pragma once

#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "monitoring/health.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::app {

// The "channels" check (issue 10): whether each channel instance, of every channel type, can
// deliver now: an operator has not disabled it, its circuit breaker admits calls, and its
// provider answers a health probe (probes cached 30 s; the breaker is read at every report).
// Each instance is reported to its organization (scoped details). Healthy when every instance
// can deliver; Degraded when some cannot but another can (WhatsApp down, SMS up: messages fall
// back); Unhealthy when none can, and the check is critical, so the gateway is then unhealthy.
// No instance at all is Healthy: nothing is promised.
void registerChannelHealthCheck(monitoring::HealthService& health, storage::Store& store,
                                delivery::ChannelRegistry& channels,
                                delivery::BreakerBoard& breakers, const resilience::Clock& clock);

}  // namespace mensajero::app
