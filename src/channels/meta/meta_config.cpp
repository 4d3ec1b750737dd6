#include "channels/meta/meta_config.h"

#include <optional>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
using Problem = std::optional<ConfigProblem>;

// Reads an optional string member into *out; a problem when present with another type.
Problem readString(const Json& object, const char* field, std::string* out) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) {
    // Ids look like numbers, and YAML reads an unquoted one as a number.
    const std::string hint = it->is_number() ? " (quote numeric ids)" : "";
    return ConfigProblem{field, "expected a string, got " + std::string(it->type_name()) + hint};
  }
  *out = it->get<std::string>();
  return std::nullopt;
}

Problem readTimeout(const Json& object, std::chrono::milliseconds* out) {
  const auto it = object.find("timeout_ms");
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_number_integer() || it->get<long long>() <= 0) {
    return ConfigProblem{"timeout_ms", "expected a positive integer (milliseconds)"};
  }
  *out = std::chrono::milliseconds(it->get<long long>());
  return std::nullopt;
}

Problem readFields(const Json& object, MetaConfig* config) {
  const std::pair<const char*, std::string*> fields[] = {
      {"phone_number_id", &config->phone_number_id},
      {"access_token", &config->access_token},
      {"base_url", &config->base_url},
      {"api_version", &config->api_version},
      {"app_secret", &config->app_secret},
      {"verify_token", &config->verify_token},
      {"waba_id", &config->waba_id},
  };
  for (const auto& [name, target] : fields) {
    if (Problem problem = readString(object, name, target)) return problem;
  }
  return readTimeout(object, &config->timeout);
}

Problem checkValues(MetaConfig& config) {
  for (const auto& [name, value] : {std::pair{"phone_number_id", &config.phone_number_id},
                                    std::pair{"access_token", &config.access_token}}) {
    if (value->empty()) return ConfigProblem{name, "is required (a non-empty string)"};
  }
  if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    return ConfigProblem{"base_url", "must start with http:// or https://"};
  }
  // URLs are built as base_url + "/" + version, so a trailing slash would double up.
  while (config.base_url.back() == '/') config.base_url.pop_back();
  if (config.base_url.ends_with(":/")) return ConfigProblem{"base_url", "names no host"};
  if (config.api_version.empty()) return ConfigProblem{"api_version", "must not be empty"};
  // The WABA id goes into request paths: Meta's ids are digits.
  if (config.waba_id.size() > 32 ||
      config.waba_id.find_first_not_of("0123456789") != std::string::npos) {
    return ConfigProblem{"waba_id", "must be Meta's numeric WhatsApp Business Account id"};
  }
  return std::nullopt;
}

}  // namespace

std::variant<MetaConfig, ConfigProblem> readMetaConfig(std::string_view provider_config_json) {
  const Json object = json_fields::parseOrNull(provider_config_json);
  if (!object.is_object()) return ConfigProblem{"", "is not a JSON object"};
  MetaConfig config;
  if (Problem problem = readFields(object, &config)) return *problem;
  if (Problem problem = checkValues(config)) return *problem;
  return config;
}

Result<MetaConfig> parseMetaConfig(std::string_view provider_config_json) {
  auto read = readMetaConfig(provider_config_json);
  if (auto* problem = std::get_if<ConfigProblem>(&read)) {
    // Names the field only: the values are credentials and must not reach logs.
    std::string message = "meta config: ";
    message += problem->field.empty() ? problem->problem : problem->field + " " + problem->problem;
    return makeError(ErrorCategory::Invalid, "invalid_config", std::move(message));
  }
  return std::get<MetaConfig>(std::move(read));
}

std::string toJson(const MetaConfig& config) {
  const Json object = {
      {"base_url", config.base_url},
      {"api_version", config.api_version},
      {"phone_number_id", config.phone_number_id},
      {"access_token", config.access_token},
      {"app_secret", config.app_secret},
      {"verify_token", config.verify_token},
      {"waba_id", config.waba_id},
      {"timeout_ms", config.timeout.count()},
  };
  return object.dump();
}

}  // namespace mensajero::channels::meta
