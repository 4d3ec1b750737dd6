#pragma once

#include "app/channel_probes.h"
#include "channels/provider_registry.h"
#include "delivery/breaker_board.h"
#include "delivery/dispatcher.h"
#include "monitoring/health.h"
#include "storage/store.h"

namespace mensajero::app {

// What the health checks read. Every reference must outlive the HealthService.
struct HealthCheckParts {
  storage::Store& store;
  const channels::ProviderRegistry& providers;
  delivery::Dispatcher& dispatcher;
  delivery::BreakerBoard& breakers;
  ChannelProbes& probes;
};

// The spec's five services (D.1), in its order: database (critical), whatsapp_api,
// circuit_breaker (critical: nothing can deliver is unhealthy), message_queue and
// webhook_endpoint. See docs/monitoring/health.md for each one's states.
void registerHealthChecks(monitoring::HealthService& health, HealthCheckParts parts);

}  // namespace mensajero::app
