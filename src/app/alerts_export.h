#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/config.h"
#include "monitoring/alert_rule.h"

namespace mensajero::app {

// The rules as a Prometheus alerting-rules file (YAML: one group "mensajero" with one rule per
// alert rule), for deployments that alert with Prometheus and Alertmanager instead of the
// gateway's own loop. Each expression reads the metrics GET /metrics exposes over the same
// window the gateway evaluates (monitoring::alertWindowMs); `for` is the condition's
// duration; labels.severity the rule's; annotations.summary its name and
// annotations.description its condition and channels. No rules gives `groups: []`.
std::string prometheusAlertRules(const std::vector<monitoring::AlertRule>& rules);

// `mensajero alerts export`: writes prometheusAlertRules(config.alerts) to `output` (replaced
// atomically) or to stdout. Returns the exit code (1 when the file cannot be written).
int runAlertsExport(const Config& config, const std::optional<std::string>& output);

}  // namespace mensajero::app
