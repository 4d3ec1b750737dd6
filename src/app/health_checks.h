#pragma once

#include "delivery/channel_registry.h"
#include "delivery/dispatcher.h"
#include "monitoring/health.h"
#include "storage/store.h"

namespace mensajero::app {

// The spec's checks (D.1): database (critical), whatsapp_api (each WhatsApp channel
// instance's provider, cached 30 s), message_queue and webhook_processing backlogs, and
// webhook_verification (channel instances without app_secret).
void registerHealthChecks(monitoring::HealthService& health, storage::Store& store,
                          const channels::ProviderRegistry& providers,
                          delivery::ChannelRegistry& channels, delivery::Dispatcher& dispatcher);

}  // namespace mensajero::app
