#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "channels/provider.h"
#include "common/result.h"

namespace mensajero::channels::meta {

inline constexpr std::string_view kDefaultBaseUrl = "https://graph.facebook.com";
inline constexpr std::string_view kDefaultApiVersion = "v23.0";

// A Meta WhatsApp Cloud API channel instance, as stored in provider_config (JSON).
struct MetaConfig final : ProviderConfig {
  std::string base_url{kDefaultBaseUrl};  // http(s)://..., no trailing slash
  std::string api_version{kDefaultApiVersion};
  std::string phone_number_id;  // required
  std::string access_token;     // required; secret
  std::string app_secret;       // required for webhooks; secret
  std::string verify_token;     // for the GET handshake; secret
  // The WhatsApp Business Account id: needed only for template management (the
  // /{waba_id}/message_templates edge) and to check that template webhooks name this account.
  std::string waba_id;
  std::chrono::milliseconds timeout{10'000};
};

// The one validation of Meta's provider_config: the problem names the field, never its value.
std::variant<MetaConfig, ConfigProblem> readMetaConfig(std::string_view provider_config_json);
// readMetaConfig as a Result: Invalid "invalid_config" naming the field.
Result<MetaConfig> parseMetaConfig(std::string_view provider_config_json);
std::string toJson(const MetaConfig& config);

}  // namespace mensajero::channels::meta
