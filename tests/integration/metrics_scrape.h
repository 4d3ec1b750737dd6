#pragma once

#include <optional>
#include <string>

#include "integration/sandbox.h"

namespace mensajero::testing {

// GET /metrics of gateway instance 0 (with `Authorization: Bearer <token>` when token is set).
Reply scrapeMetrics(Sandbox& sandbox, const std::string& token = "");

// The value of one series of an exposition text, written as the text writes it:
// `mensajero_auth_failures_total` or `mensajero_inbound_dropped_total{reason="no_sender"}`.
// nullopt when the text has no such line.
std::optional<double> seriesValue(const std::string& exposition, const std::string& series);

// seriesValue of a fresh scrape; 0 when the series is absent (a counter never incremented).
double metricValue(Sandbox& sandbox, const std::string& series);

}  // namespace mensajero::testing
