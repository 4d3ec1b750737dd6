#pragma once

// Private to app/config*.cpp: the `notifiers` section of the config file (Slack, PagerDuty,
// email, signed webhook; docs/configuration.md).

#include "app/config_yaml.h"
#include "notify/notifier_settings.h"

namespace mensajero::app::detail {

// Reads the `notifiers` mapping (null gives none): each of slack, pagerduty, email, webhook
// present makes that notifier; unknown keys are refused. Values may use ${NAME}. Throws
// ConfigError naming the key ("notifiers.slack.webhook_url"), never a value.
notify::NotifiersSettings readNotifiers(const YAML::Node& node, const Environment& environment);

// Overlays MENSAJERO_NOTIFIERS_<CHANNEL>_<KEY> variables (e.g.
// MENSAJERO_NOTIFIERS_SLACK_WEBHOOK_URL, MENSAJERO_NOTIFIERS_EMAIL_TO as a comma-separated list); a
// variable of a channel the file does not name adds that channel. Then validates every configured
// channel: URLs http(s) (smtp(s) for email), secrets non-empty, addresses plain. Throws ConfigError
// naming the key.
void applyNotifierEnvironment(const Environment& environment, notify::NotifiersSettings& settings);

}  // namespace mensajero::app::detail
