#include "channels/meta/meta_config.h"

#include <nlohmann/json.hpp>

#include "channels/meta/meta_json.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;

Error invalidField(const char* field, const char* problem) {
  // Names the field only: the values are credentials and must not reach logs.
  return makeError(ErrorCategory::Invalid, "invalid_config",
                   std::string("meta config: ") + field + " " + problem);
}

// Reads an optional string member into *out; Invalid when present with another type.
Status readString(const Json& object, const char* field, std::string* out) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) {
    return {};
  }
  if (!it->is_string()) {
    return invalidField(field, "must be a string");
  }
  *out = it->get<std::string>();
  return {};
}

Status readTimeout(const Json& object, std::chrono::milliseconds* out) {
  const auto it = object.find("timeout_ms");
  if (it == object.end() || it->is_null()) {
    return {};
  }
  if (!it->is_number_integer() || it->get<long long>() <= 0) {
    return invalidField("timeout_ms", "must be a positive integer");
  }
  *out = std::chrono::milliseconds(it->get<long long>());
  return {};
}

Status readFields(const Json& object, MetaConfig* config) {
  const std::pair<const char*, std::string*> fields[] = {
      {"base_url", &config->base_url},
      {"api_version", &config->api_version},
      {"phone_number_id", &config->phone_number_id},
      {"access_token", &config->access_token},
      {"app_secret", &config->app_secret},
      {"verify_token", &config->verify_token},
  };
  for (const auto& [name, target] : fields) {
    if (Status status = readString(object, name, target); !status) {
      return status;
    }
  }
  return readTimeout(object, &config->timeout);
}

}  // namespace

Result<MetaConfig> parseMetaConfig(std::string_view provider_config_json) {
  const Json object = json_fields::parseOrNull(provider_config_json);
  if (!object.is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_config", "meta config: not a JSON object");
  }
  MetaConfig config;
  if (Status status = readFields(object, &config); !status) {
    return status.error();
  }
  if (config.phone_number_id.empty()) {
    return invalidField("phone_number_id", "is required");
  }
  if (config.access_token.empty()) {
    return invalidField("access_token", "is required");
  }
  // URLs are built as base_url + "/" + version, so a trailing slash would double up.
  while (!config.base_url.empty() && config.base_url.back() == '/') {
    config.base_url.pop_back();
  }
  if (config.base_url.empty()) {
    return invalidField("base_url", "must not be empty");
  }
  if (config.api_version.empty()) {
    return invalidField("api_version", "must not be empty");
  }
  return config;
}

std::string toJson(const MetaConfig& config) {
  const Json object = {
      {"base_url", config.base_url},
      {"api_version", config.api_version},
      {"phone_number_id", config.phone_number_id},
      {"access_token", config.access_token},
      {"app_secret", config.app_secret},
      {"verify_token", config.verify_token},
      {"timeout_ms", config.timeout.count()},
  };
  return object.dump();
}

}  // namespace mensajero::channels::meta
