#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "monitoring/alert_notification.h"
#include "notify/delivery_guard.h"
#include "transport/http_client.h"

namespace mensajero::notify {

// A notifier that POSTs one JSON document per notification (Slack, PagerDuty, the signed
// webhook), through the shared HTTP client, inside its own DeliveryGuard (retries, breaker).
// `build` makes the call for one notification (URL, headers, body); the timeouts and the
// response-body bound are set here. deliver() is called from the alerting thread only.
class HttpNotifier final : public monitoring::AlertNotifier {
 public:
  using BuildCall = std::function<transport::HttpCall(const monitoring::AlertNotification&)>;

  HttpNotifier(std::string channel, BuildCall build, transport::HttpClient& client,
               const DeliverySettings& settings, const resilience::Clock& clock,
               DeliveryGuard::Sleep sleep = {});

  std::string_view channel() const override { return channel_; }
  Status deliver(const monitoring::AlertNotification& notification) override;

  resilience::BreakerState breakerStateForTest() const { return guard_.breakerState(); }

 private:
  std::string channel_;
  BuildCall build_;
  transport::HttpClient& client_;
  DeliverySettings settings_;
  DeliveryGuard guard_;
};

}  // namespace mensajero::notify
