#pragma once

#include <functional>

#include "monitoring/health.h"
#include "storage/store.h"

namespace mensajero::app {

// The checks of GET /readyz, on a HealthService of their own (its bounded budget: a database
// that does not answer is a "not ready" within about a second, not a hung probe), all
// critical: `database` (ping), `migrations` (the schema version is the binary's latest) and
// `shutdown` (`shutting_down()` is false: the HTTP server is not draining). The gateway is
// ready when the report is healthy. `store` must outlive the service.
void registerReadinessChecks(monitoring::HealthService& readiness, storage::Store& store,
                             std::function<bool()> shutting_down);

}  // namespace mensajero::app
