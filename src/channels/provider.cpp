#include "channels/provider.h"

namespace mensajero::channels {

Result<ProviderConfigPtr> Provider::parseConfig(std::string_view provider_config_json) const {
  auto read = readConfig(provider_config_json);
  if (auto* config = std::get_if<ProviderConfigPtr>(&read)) return std::move(*config);
  const auto& problem = std::get<ConfigProblem>(read);
  std::string message = std::string(name()) + " config: ";
  message += problem.field.empty() ? problem.problem : problem.field + " " + problem.problem;
  return makeError(ErrorCategory::Invalid, "invalid_config", std::move(message));
}

std::optional<WebhookReply> Provider::answerHandshake(const ProviderConfig& /*config*/,
                                                      const WebhookRequest& /*request*/) const {
  return std::nullopt;
}

Result<TemplateCatalogPtr> Provider::makeTemplateCatalog(const ProviderConfig& /*config*/,
                                                         transport::HttpClient& /*client*/) const {
  return makeError(ErrorCategory::Invalid, "templates_unsupported",
                   std::string(name()) + " has no message templates");
}

}  // namespace mensajero::channels
