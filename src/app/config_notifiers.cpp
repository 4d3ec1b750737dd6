#include "app/config_notifiers.h"

#include <optional>
#include <string>
#include <string_view>

#include "app/config.h"
#include "notify/email_message.h"

namespace mensajero::app::detail {
namespace {

constexpr std::size_t kMaxRecipients = 50;
constexpr std::size_t kMinWebhookSecret = 16;

std::string readString(const YAML::Node& node, const std::string& key, const Environment& env) {
  return readScalar(node, key, "a string", env);
}

bool readBool(const std::string& text, const std::string& key) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  throw ConfigError(key, "expected true or false");
}

[[noreturn]] void unknownKey(const std::string& key) { throw ConfigError(key, "unknown key"); }

notify::SlackSettings readSlack(const YAML::Node& node, const std::string& key,
                                const Environment& env) {
  notify::SlackSettings slack;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name != "webhook_url") unknownKey(entry.key);
    slack.webhook_url = readString(entry.value, entry.key, env);
  }
  return slack;
}

notify::PagerDutySettings readPagerDuty(const YAML::Node& node, const std::string& key,
                                        const Environment& env) {
  notify::PagerDutySettings pagerduty;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "routing_key") {
      pagerduty.routing_key = readString(entry.value, entry.key, env);
    } else if (entry.name == "events_url") {
      pagerduty.events_url = readString(entry.value, entry.key, env);
    } else {
      unknownKey(entry.key);
    }
  }
  return pagerduty;
}

notify::EmailSettings readEmail(const YAML::Node& node, const std::string& key,
                                const Environment& env) {
  notify::EmailSettings email;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "smtp_url") {
      email.smtp_url = readString(entry.value, entry.key, env);
    } else if (entry.name == "from") {
      email.from = readString(entry.value, entry.key, env);
    } else if (entry.name == "to") {
      for (const auto& element : sequenceElements(entry.value, entry.key)) {
        email.to.push_back(readString(element.value, element.key, env));
      }
    } else if (entry.name == "username") {
      email.username = readString(entry.value, entry.key, env);
    } else if (entry.name == "password") {
      email.password = readString(entry.value, entry.key, env);
    } else if (entry.name == "starttls") {
      email.starttls =
          readBool(readScalar(entry.value, entry.key, "true or false", env), entry.key);
    } else {
      unknownKey(entry.key);
    }
  }
  return email;
}

notify::WebhookSettings readWebhook(const YAML::Node& node, const std::string& key,
                                    const Environment& env) {
  notify::WebhookSettings webhook;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "url") {
      webhook.url = readString(entry.value, entry.key, env);
    } else if (entry.name == "secret") {
      webhook.secret = readString(entry.value, entry.key, env);
    } else {
      unknownKey(entry.key);
    }
  }
  return webhook;
}

// The value is never echoed: a Slack webhook URL is itself the credential.
void checkUrl(const std::string& url, const std::string& key,
              std::initializer_list<std::string_view> schemes) {
  if (url.empty()) throw ConfigError(key, "is required");
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
      throw ConfigError(key, "must not contain spaces or control characters");
    }
  }
  std::string list;
  for (std::string_view scheme : schemes) {
    if (url.starts_with(scheme) && url.size() > scheme.size()) return;
    list += (list.empty() ? "" : " or ") + std::string(scheme);
  }
  throw ConfigError(key, "must start with " + list);
}

void checkSecret(const std::string& value, const std::string& key, std::size_t min_size = 1) {
  if (value.size() < min_size) {
    throw ConfigError(key, min_size == 1
                               ? "is required"
                               : "must be at least " + std::to_string(min_size) + " characters");
  }
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      throw ConfigError(key, "must not contain control characters");
    }
  }
}

void validateEmail(const notify::EmailSettings& email) {
  checkUrl(email.smtp_url, "notifiers.email.smtp_url", {"smtp://", "smtps://"});
  if (email.starttls && email.smtp_url.starts_with("smtps://")) {
    throw ConfigError("notifiers.email.starttls", "only with smtp:// (smtps:// is TLS already)");
  }
  if (!notify::isPlainAddress(email.from)) {
    throw ConfigError("notifiers.email.from", "expected a plain address (local@domain)");
  }
  if (email.to.empty() || email.to.size() > kMaxRecipients) {
    throw ConfigError("notifiers.email.to",
                      "expected 1 to " + std::to_string(kMaxRecipients) + " addresses");
  }
  for (std::size_t i = 0; i < email.to.size(); ++i) {
    if (!notify::isPlainAddress(email.to[i])) {
      throw ConfigError(indexKey("notifiers.email.to", i),
                        "expected a plain address (local@domain)");
    }
  }
  if (!email.username.empty()) {
    checkSecret(email.username, "notifiers.email.username");
    checkSecret(email.password, "notifiers.email.password");
  }
}

void validate(const notify::NotifiersSettings& settings) {
  if (settings.slack) {
    checkUrl(settings.slack->webhook_url, "notifiers.slack.webhook_url", {"https://", "http://"});
  }
  if (settings.pagerduty) {
    checkSecret(settings.pagerduty->routing_key, "notifiers.pagerduty.routing_key");
    checkUrl(settings.pagerduty->events_url, "notifiers.pagerduty.events_url",
             {"https://", "http://"});
  }
  if (settings.email) validateEmail(*settings.email);
  if (settings.webhook) {
    checkUrl(settings.webhook->url, "notifiers.webhook.url", {"https://", "http://"});
    checkSecret(settings.webhook->secret, "notifiers.webhook.secret", kMinWebhookSecret);
  }
}

std::optional<std::string> variable(const Environment& env, const char* name) {
  auto found = env.find(name);
  if (found == env.end()) return std::nullopt;
  return found->second;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) items.push_back(std::move(item));
    start = comma + 1;
  }
  return items;
}

// Sets `field` of the channel (made present) when the variable exists.
template <typename Settings>
void overlay(const Environment& env, const char* name, std::optional<Settings>& channel,
             std::string Settings::*field) {
  if (auto value = variable(env, name)) {
    if (!channel) channel.emplace();
    (*channel).*field = *value;
  }
}

}  // namespace

notify::NotifiersSettings readNotifiers(const YAML::Node& node, const Environment& environment) {
  notify::NotifiersSettings settings;
  if (node.IsNull()) return settings;
  for (const auto& entry : mappingEntries(node, "notifiers")) {
    if (entry.name == "slack") {
      settings.slack = readSlack(entry.value, entry.key, environment);
    } else if (entry.name == "pagerduty") {
      settings.pagerduty = readPagerDuty(entry.value, entry.key, environment);
    } else if (entry.name == "email") {
      settings.email = readEmail(entry.value, entry.key, environment);
    } else if (entry.name == "webhook") {
      settings.webhook = readWebhook(entry.value, entry.key, environment);
    } else {
      unknownKey(entry.key);
    }
  }
  return settings;
}

void applyNotifierEnvironment(const Environment& env, notify::NotifiersSettings& settings) {
  using notify::EmailSettings;
  overlay(env, "MENSAJERO_NOTIFIERS_SLACK_WEBHOOK_URL", settings.slack,
          &notify::SlackSettings::webhook_url);
  overlay(env, "MENSAJERO_NOTIFIERS_PAGERDUTY_ROUTING_KEY", settings.pagerduty,
          &notify::PagerDutySettings::routing_key);
  overlay(env, "MENSAJERO_NOTIFIERS_PAGERDUTY_EVENTS_URL", settings.pagerduty,
          &notify::PagerDutySettings::events_url);
  overlay(env, "MENSAJERO_NOTIFIERS_EMAIL_SMTP_URL", settings.email, &EmailSettings::smtp_url);
  overlay(env, "MENSAJERO_NOTIFIERS_EMAIL_FROM", settings.email, &EmailSettings::from);
  overlay(env, "MENSAJERO_NOTIFIERS_EMAIL_USERNAME", settings.email, &EmailSettings::username);
  overlay(env, "MENSAJERO_NOTIFIERS_EMAIL_PASSWORD", settings.email, &EmailSettings::password);
  if (auto to = variable(env, "MENSAJERO_NOTIFIERS_EMAIL_TO")) {
    if (!settings.email) settings.email.emplace();
    settings.email->to = splitList(*to);
  }
  if (auto starttls = variable(env, "MENSAJERO_NOTIFIERS_EMAIL_STARTTLS")) {
    if (!settings.email) settings.email.emplace();
    settings.email->starttls = readBool(*starttls, "notifiers.email.starttls");
  }
  overlay(env, "MENSAJERO_NOTIFIERS_WEBHOOK_URL", settings.webhook, &notify::WebhookSettings::url);
  overlay(env, "MENSAJERO_NOTIFIERS_WEBHOOK_SECRET", settings.webhook,
          &notify::WebhookSettings::secret);
  validate(settings);
}

}  // namespace mensajero::app::detail
