#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

// What the config file's `notifiers:` section says (docs/monitoring/notifiers.md). Plain values;
// app/config_notifiers.cpp reads and validates them, notify/notifier_factory.h builds from them.
// Secrets (webhook URLs, routing keys, passwords) live here and must never be logged.
namespace mensajero::notify {

inline constexpr const char* kDefaultPagerDutyEventsUrl = "https://events.pagerduty.com/v2/enqueue";

// How hard one notifier tries before deliver() gives up, and its breaker. The same for every
// channel unless a test changes it.
struct DeliverySettings {
  int max_attempts = 3;                         // attempts per notification, the first included
  std::chrono::milliseconds backoff_base{500};  // full jitter, capped at backoff_cap
  std::chrono::milliseconds backoff_cap{4000};
  std::chrono::milliseconds max_total{20000};       // no attempt starts after this budget is spent
  std::chrono::milliseconds request_timeout{5000};  // one HTTP call or SMTP session
  std::chrono::milliseconds connect_timeout{3000};
  int breaker_failure_threshold = 5;                  // failures within the window that open it
  std::chrono::milliseconds breaker_window{300000};   // five minutes
  std::chrono::milliseconds breaker_recovery{60000};  // open this long before a trial
};

struct SlackSettings {
  std::string webhook_url;  // secret: the URL is the credential
};

struct PagerDutySettings {
  std::string routing_key;  // secret
  std::string events_url = kDefaultPagerDutyEventsUrl;
};

struct EmailSettings {
  std::string smtp_url;  // smtp://host[:port] or smtps://host[:port]
  std::string from;      // an address, "alerts@clinic.example"
  std::vector<std::string> to;
  std::string username;   // empty: no authentication
  std::string password;   // secret
  bool starttls = false;  // smtp:// only: require STARTTLS before anything is sent
};

struct WebhookSettings {
  std::string url;
  std::string secret;  // secret: the HMAC key
};

struct NotifiersSettings {
  std::optional<SlackSettings> slack;
  std::optional<PagerDutySettings> pagerduty;
  std::optional<EmailSettings> email;
  std::optional<WebhookSettings> webhook;
  DeliverySettings delivery;
};

}  // namespace mensajero::notify
