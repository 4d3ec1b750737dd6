#include "channels/webhook_identity.h"

#include "channels/meta/meta_config.h"

namespace mensajero::channels {

std::optional<WebhookIdentity> webhookIdentity(std::string_view provider,
                                               std::string_view provider_config) {
  if (provider != "meta") return std::nullopt;
  auto config = meta::parseMetaConfig(provider_config);
  if (!config) return WebhookIdentity{};
  return WebhookIdentity{config->phone_number_id, !config->app_secret.empty()};
}

}  // namespace mensajero::channels
