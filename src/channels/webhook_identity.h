#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mensajero::channels {

// What the webhook path needs to know of a channel instance, whatever its provider: the
// provider's id of the number that webhooks name, and whether they can be authenticated.
struct WebhookIdentity {
  std::string number_id;    // e.g. Meta's phone_number_id; empty when not configured
  bool verifiable = false;  // a secret to check the provider's signatures with is configured
};

// Reads `provider_config` (JSON) of a `provider` instance. nullopt when the provider sends no
// webhooks this gateway reads; a config that does not parse names no number and verifies
// nothing.
std::optional<WebhookIdentity> webhookIdentity(std::string_view provider,
                                               std::string_view provider_config);

}  // namespace mensajero::channels
