#include "notify/email_notifier.h"

#include <utility>

#include "notify/email_message.h"
#include "notify/smtp_client.h"

namespace mensajero::notify {

EmailNotifier::EmailNotifier(EmailSettings email, const DeliverySettings& settings,
                             const resilience::Clock& clock, DeliveryGuard::Sleep sleep)
    : email_(std::move(email)),
      settings_(settings),
      clock_(clock),
      guard_("notifier:email", settings, clock, std::move(sleep)) {}

Status EmailNotifier::deliver(const monitoring::AlertNotification& notification) {
  // One Message-ID for every attempt: a retry after a lost answer is the same mail, which
  // receiving systems can recognise.
  EmailEnvelope envelope{email_.from, email_.to, newMessageId(email_.from), clock_.now()};
  SmtpSend send;
  send.url = email_.smtp_url;
  send.starttls = email_.starttls;
  send.username = email_.username;
  send.password = email_.password;
  send.from = email_.from;
  send.to = email_.to;
  send.message = emailMessage(notification, envelope);
  send.timeout = settings_.request_timeout;
  send.connect_timeout = settings_.connect_timeout;
  return guard_.run([&] { return sendMail(send); });
}

}  // namespace mensajero::notify
