#pragma once

#include <string_view>

#include "monitoring/alert_notification.h"
#include "notify/delivery_guard.h"
#include "notify/notifier_settings.h"

namespace mensajero::notify {

// Sends each notification as one plain-text mail (notify/email_message.h) to every configured
// recipient over SMTP, inside its own DeliveryGuard. Channel name "email".
class EmailNotifier final : public monitoring::AlertNotifier {
 public:
  EmailNotifier(EmailSettings email, const DeliverySettings& settings,
                const resilience::Clock& clock, DeliveryGuard::Sleep sleep = {});

  std::string_view channel() const override { return "email"; }
  Status deliver(const monitoring::AlertNotification& notification) override;

 private:
  EmailSettings email_;
  DeliverySettings settings_;
  const resilience::Clock& clock_;
  DeliveryGuard guard_;
};

}  // namespace mensajero::notify
