#pragma once

#include "app/channel_probes.h"
#include "delivery/breaker_board.h"
#include "monitoring/health.h"
#include "storage/store.h"

namespace mensajero::app {

// The spec's `whatsapp_api` service: every enabled WhatsApp channel instance's provider answers
// its probe (Meta: the business profile, `getBusinessProfile` in the spec), through `probes`, so
// at most once per health.whatsapp_check_interval_seconds per instance. Healthy when all
// answer (or there is none), Degraded when some do not, Unhealthy when none does. Instance ids
// and errors are scoped to their organization.
monitoring::HealthService::Check whatsAppApiCheck(storage::Store& store, ChannelProbes& probes);

// The spec's `circuit_breaker` service: whether each channel instance, of every channel type,
// can deliver now: an operator has not disabled it, an emergency has not shut it down, its
// circuit breaker (BreakerBoard) admits calls, and its provider's probe did not fail. Healthy
// when every instance can deliver; Degraded when some cannot but another can (WhatsApp down,
// SMS up: messages fall back); Unhealthy when none can (the service is critical, so the gateway
// is then unhealthy). The global details count the breakers by state; which instance is in
// which state is scoped to its organization.
monitoring::HealthService::Check circuitBreakerCheck(storage::Store& store,
                                                     delivery::BreakerBoard& breakers,
                                                     ChannelProbes& probes);

}  // namespace mensajero::app
