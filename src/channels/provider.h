#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "channels/channel.h"
#include "channels/template_catalog.h"
#include "channels/webhook_events.h"
#include "channels/webhook_identity.h"
#include "common/result.h"

namespace mensajero::transport {
class HttpClient;
}

namespace mensajero::channels {

// One channel instance's provider_config, parsed and validated by its provider. Opaque to
// everyone else: only the provider that made it reads it (and may downcast it).
class ProviderConfig {
 public:
  virtual ~ProviderConfig() = default;
};
using ProviderConfigPtr = std::shared_ptr<const ProviderConfig>;

// Why a provider refused a provider_config: the key at fault (empty for the document as a
// whole) and the problem. Never quotes the value, which may be a credential.
struct ConfigProblem {
  std::string field;
  std::string problem;  // e.g. "is required", "must be a string"
};

// The sending limits a provider sets for one number, which the gateway keeps so that it never
// provokes throttling by itself. The operator's limits.* settings override them.
struct ProviderLimits {
  int messages_per_second = 0;  // per channel instance
  int burst = 0;
  std::chrono::milliseconds pair_interval{0};  // per recipient: one message per interval...
  int pair_burst = 0;                          // ...bursting to this many
};

// One webhook call as the provider made it. Views and lookups borrow the HTTP request: valid
// for the duration of the call they are passed to.
struct WebhookRequest {
  std::string_view method;  // "POST" or "GET"
  // The full URL as the provider called it ("https://gw.example/api/v2/webhooks/..?a=b"),
  // built from server.public_base_url or the Host header: some providers sign it.
  std::string_view url;
  std::string_view path;   // percent-decoded, without the query
  std::string_view query;  // raw, without '?'
  std::function<std::optional<std::string_view>(std::string_view name)> header;  // any case
  std::function<std::optional<std::string>(std::string_view name)> query_param;  // decoded
  std::string_view content_type;
  std::string_view body;  // the raw bytes, exactly as received
};

// What a provider answers to a handshake (Meta's GET hub.challenge).
struct WebhookReply {
  int status = 200;
  std::string body;  // sent as text/plain
};

// A provider (Meta, Twilio, ...) as a factory of everything the gateway needs of it, looked
// up by name in a ProviderRegistry (Envoy's extension factories are the model). Each lives in
// one folder, src/channels/<provider>/; nothing outside channels/ and app/ names one.
// Implementations are stateless: every method is const and thread-safe.
class Provider {
 public:
  virtual ~Provider() = default;

  // The name stored in channel_instances.provider and webhook_logs.provider, used in the
  // webhook path /api/v2/webhooks/{provider}/..., and the prefix of its event keys and error
  // codes ("meta_131026").
  virtual std::string_view name() const = 0;
  // Whether this provider can carry the channel type ("whatsapp", "sms", "voice", "email").
  virtual bool carries(std::string_view channel_type) const = 0;

  // The one place a provider_config (JSON text) is validated: at start-up from the config
  // file (with the key named) and whenever a channel instance is built. Other keys are
  // ignored.
  virtual std::variant<ProviderConfigPtr, ConfigProblem> readConfig(
      std::string_view provider_config_json) const = 0;
  // readConfig as a Result: Invalid "invalid_config" naming the provider and the field.
  Result<ProviderConfigPtr> parseConfig(std::string_view provider_config_json) const;

  // The sending side of one channel instance of type `channel_type` (one it carries: a
  // provider such as Twilio addresses SMS and WhatsApp differently). `client` is borrowed and
  // must outlive it.
  virtual Result<ChannelPtr> makeChannel(const ProviderConfig& config,
                                         std::string_view channel_type,
                                         transport::HttpClient& client) const = 0;

  // The number its webhooks name, and whether they can be authenticated.
  virtual WebhookIdentity webhookIdentity(const ProviderConfig& config) const = 0;
  // Whether `request` was sent by the provider for this instance (its signature holds).
  // Checked before anything reads the body.
  virtual bool verifyWebhook(const ProviderConfig& config, const WebhookRequest& request) const = 0;
  // The answer to a subscription handshake (a GET) this instance accepts, or nullopt (the
  // gateway answers 403). Providers without a handshake keep the default.
  virtual std::optional<WebhookReply> answerHandshake(const ProviderConfig& config,
                                                      const WebhookRequest& request) const;
  // The stored event type of an authenticated body (webhook_logs.event_type): at most 50
  // characters of [a-z0-9_], "unknown" when it names none. Invalid (answered 400 with its
  // code, nothing stored) when the body is not of the provider's shape at all.
  virtual Result<std::string> webhookEventType(const WebhookRequest& request) const = 0;
  // The events of one stored body (as received and verified earlier). An error makes the
  // stored row "error" with its message; it never blocks later rows.
  virtual Result<WebhookEvents> parseWebhook(std::string_view body) const = 0;

  // The sending limits of one of the provider's numbers.
  virtual ProviderLimits defaultLimits() const = 0;

  // The account's message templates (channels/template_catalog.h). Invalid
  // "templates_unsupported" for a provider without templates (the default), Invalid
  // "invalid_config" when the instance lacks what template management needs (Meta: the WABA
  // id). `client` is borrowed and must outlive the catalog.
  virtual Result<TemplateCatalogPtr> makeTemplateCatalog(const ProviderConfig& config,
                                                         transport::HttpClient& client) const;
};

using ProviderPtr = std::unique_ptr<Provider>;

}  // namespace mensajero::channels
