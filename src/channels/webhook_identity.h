#pragma once

#include <string>

namespace mensajero::channels {

// What the webhook path needs to know of a channel instance, whatever its provider: the
// provider's id of the number that webhooks name, and whether they can be authenticated.
// Provider::webhookIdentity tells it; ProviderRegistry::webhookIdentity reads it from a
// stored provider_config.
struct WebhookIdentity {
  std::string number_id;    // e.g. Meta's phone_number_id; empty when not configured
  bool verifiable = false;  // a secret to check the provider's signatures with is configured
  // The provider_config key of that secret, for the operator's warning (e.g. "app_secret").
  std::string secret_key;
  // The provider's business account that template events name (Meta's WABA id); empty when
  // not configured.
  std::string account_id;
};

}  // namespace mensajero::channels
