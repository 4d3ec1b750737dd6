#pragma once

#include <memory>
#include <vector>

#include "monitoring/alert_notification.h"
#include "notify/delivery_guard.h"
#include "notify/notifier_settings.h"
#include "resilience/clock.h"
#include "transport/http_client.h"

namespace mensajero::notify {

using NotifierList = std::vector<std::unique_ptr<monitoring::AlertNotifier>>;

// One notifier per configured channel, named as rules' `channels` lists name them: "slack",
// "pagerduty", "email", "webhook". `client` and `clock` must outlive the notifiers. `sleep`
// replaces the real wait between retries (tests).
NotifierList buildNotifiers(const NotifiersSettings& settings, transport::HttpClient& client,
                            const resilience::Clock& clock, DeliveryGuard::Sleep sleep = {});

}  // namespace mensajero::notify
