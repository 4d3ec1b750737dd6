#include "notify/notifier_factory.h"

#include <utility>

#include "notify/email_notifier.h"
#include "notify/http_notifier.h"
#include "notify/pagerduty_payload.h"
#include "notify/signed_webhook.h"
#include "notify/slack_payload.h"

namespace mensajero::notify {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

transport::HttpCall jsonCall(std::string url, std::string body, Headers extra = {}) {
  transport::HttpCall call;
  call.url = std::move(url);
  call.body = std::move(body);
  call.headers = {{"Content-Type", "application/json"}, {"User-Agent", "mensajero-alerts"}};
  for (auto& header : extra) call.headers.push_back(std::move(header));
  return call;
}

HttpNotifier::BuildCall slackCall(SlackSettings slack) {
  return [slack = std::move(slack)](const monitoring::AlertNotification& n) {
    return jsonCall(slack.webhook_url, slackPayload(n));
  };
}

HttpNotifier::BuildCall pagerDutyCall(PagerDutySettings pagerduty) {
  return [pagerduty = std::move(pagerduty)](const monitoring::AlertNotification& n) {
    return jsonCall(pagerduty.events_url, pagerDutyPayload(n, pagerduty.routing_key));
  };
}

// The timestamp is the time of sending, not of the evaluation, so a receiver can refuse
// stale deliveries (replays) by comparing it with its own clock.
HttpNotifier::BuildCall webhookCall(WebhookSettings webhook, const resilience::Clock& clock) {
  return [webhook = std::move(webhook), &clock](const monitoring::AlertNotification& n) {
    std::string body = webhookPayload(n);
    const std::string timestamp = webhookTimestamp(clock.now());
    std::string signature = webhookSignature(webhook.secret, timestamp, body);
    return jsonCall(webhook.url, std::move(body),
                    {{kTimestampHeader, timestamp}, {kSignatureHeader, std::move(signature)}});
  };
}

}  // namespace

NotifierList buildNotifiers(const NotifiersSettings& settings, transport::HttpClient& client,
                            const resilience::Clock& clock, DeliveryGuard::Sleep sleep) {
  NotifierList notifiers;
  const DeliverySettings& delivery = settings.delivery;
  if (settings.slack) {
    notifiers.push_back(std::make_unique<HttpNotifier>("slack", slackCall(*settings.slack), client,
                                                       delivery, clock, sleep));
  }
  if (settings.pagerduty) {
    notifiers.push_back(std::make_unique<HttpNotifier>(
        "pagerduty", pagerDutyCall(*settings.pagerduty), client, delivery, clock, sleep));
  }
  if (settings.email) {
    notifiers.push_back(std::make_unique<EmailNotifier>(*settings.email, delivery, clock, sleep));
  }
  if (settings.webhook) {
    notifiers.push_back(std::make_unique<HttpNotifier>(
        "webhook", webhookCall(*settings.webhook, clock), client, delivery, clock, sleep));
  }
  return notifiers;
}

}  // namespace mensajero::notify
