#include "channels/twilio/twilio_config.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"

namespace mensajero::channels::twilio {
namespace {

using Json = nlohmann::json;

Error invalidField(std::string_view field, std::string_view problem) {
  return makeError(ErrorCategory::Invalid, "invalid_config",
                   "twilio config: " + std::string(field) + " " + std::string(problem));
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

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

// Reads an optional integer member within [min, max] into *out.
Status readInteger(const Json& object, const char* field, long long min, long long max,
                   long long* out) {
  const auto it = object.find(field);
  if (it == object.end() || it->is_null()) {
    return {};
  }
  if (!it->is_number_integer() || it->get<long long>() < min || it->get<long long>() > max) {
    return invalidField(
        field, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  *out = it->get<long long>();
  return {};
}

Status readFields(const Json& object, TwilioConfig* config) {
  const std::pair<const char*, std::string*> fields[] = {
      {"base_url", &config->base_url},
      {"account_sid", &config->account_sid},
      {"auth_token", &config->auth_token},
      {"from", &config->from},
      {"messaging_service_sid", &config->messaging_service_sid},
      {"status_callback_url", &config->status_callback_url},
  };
  for (const auto& [name, target] : fields) {
    if (Status status = readString(object, name, target); !status) {
      return status;
    }
  }
  long long max_segments = config->max_segments;
  if (Status status = readInteger(object, "max_segments", 1, kMaxMaxSegments, &max_segments);
      !status) {
    return status;
  }
  config->max_segments = static_cast<int>(max_segments);
  long long timeout_ms = config->timeout.count();
  if (Status status = readInteger(object, "timeout_ms", 1, 600'000, &timeout_ms); !status) {
    return status;
  }
  config->timeout = std::chrono::milliseconds(timeout_ms);
  return {};
}

bool isHttpUrl(std::string_view url) {
  const std::size_t scheme = url.starts_with("https://") ? 8 : url.starts_with("http://") ? 7 : 0;
  return scheme != 0 && url.size() > scheme &&
         std::none_of(url.begin(), url.end(), [](char c) { return c <= ' ' || c == 0x7F; });
}

// The host part of an http(s) URL (between "://" and the next '/', '?', '#' or ':').
std::string_view hostOf(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  return rest.substr(0, rest.find_first_of("/?#:"));
}

Status validateCredentials(const TwilioConfig& config) {
  if (config.account_sid.empty()) {
    return invalidField("account_sid", "is required");
  }
  if (!isTwilioSid(config.account_sid, "AC")) {
    return invalidField("account_sid", "must be AC followed by 32 hexadecimal digits");
  }
  if (config.auth_token.empty()) {
    return invalidField("auth_token", "is required");
  }
  if (std::any_of(config.auth_token.begin(), config.auth_token.end(),
                  [](char c) { return c <= ' ' || c == 0x7F; })) {
    return invalidField("auth_token", "must not contain spaces or control characters");
  }
  return {};
}

Status validateSender(const TwilioConfig& config) {
  if (config.from.empty() == config.messaging_service_sid.empty()) {
    return invalidField("from", "or messaging_service_sid: exactly one of them is required");
  }
  if (!config.from.empty() && !isE164(config.from)) {
    return invalidField("from",
                        "must be an E.164 number such as +14155238886 (no 'whatsapp:' prefix; "
                        "it is added for WhatsApp channels)");
  }
  if (!config.messaging_service_sid.empty() && !isTwilioSid(config.messaging_service_sid, "MG")) {
    return invalidField("messaging_service_sid", "must be MG followed by 32 hexadecimal digits");
  }
  return {};
}

Status validateUrls(const TwilioConfig& config) {
  if (!isHttpUrl(config.base_url)) {
    return invalidField("base_url", "must be an http:// or https:// URL");
  }
  if (!config.status_callback_url.empty()) {
    if (!isHttpUrl(config.status_callback_url)) {
      return invalidField("status_callback_url", "must be an http:// or https:// URL");
    }
    // Twilio refuses a StatusCallback whose host holds an underscore.
    if (hostOf(config.status_callback_url).find('_') != std::string_view::npos) {
      return invalidField("status_callback_url",
                          "must not have '_' in its host (Twilio refuses it)");
    }
  }
  return {};
}

}  // namespace

bool isTwilioSid(std::string_view text, std::string_view prefix) {
  return text.size() == prefix.size() + 32 && text.starts_with(prefix) &&
         std::all_of(text.begin() + static_cast<std::ptrdiff_t>(prefix.size()), text.end(), isHex);
}

bool isE164(std::string_view text) {
  return text.size() >= 8 && text.size() <= 16 && text[0] == '+' && text[1] != '0' &&
         std::all_of(text.begin() + 1, text.end(), isDigit);
}

Result<TwilioConfig> parseTwilioConfig(std::string_view provider_config_json,
                                       std::string_view channel_type) {
  TwilioConfig config;
  if (channel_type == "sms") {
    config.channel_type = TwilioChannelType::Sms;
  } else if (channel_type == "whatsapp") {
    config.channel_type = TwilioChannelType::WhatsApp;
  } else {
    return invalidField("channel type", "must be sms or whatsapp");
  }
  auto parsed = parseBoundedJson(provider_config_json);
  if (!parsed || !parsed->is_object()) {
    return makeError(ErrorCategory::Invalid, "invalid_config", "twilio config: not a JSON object");
  }
  if (Status status = readFields(*parsed, &config); !status) {
    return status.error();
  }
  // URLs are built as base_url + "/2010-04-01/...", so a trailing slash would double up.
  while (!config.base_url.empty() && config.base_url.back() == '/') {
    config.base_url.pop_back();
  }
  for (Status status :
       {validateCredentials(config), validateSender(config), validateUrls(config)}) {
    if (!status) {
      return status.error();
    }
  }
  return config;
}

std::string toJson(const TwilioConfig& config) {
  Json object = {
      {"base_url", config.base_url},          {"account_sid", config.account_sid},
      {"auth_token", config.auth_token},      {"max_segments", config.max_segments},
      {"timeout_ms", config.timeout.count()},
  };
  if (!config.from.empty()) object["from"] = config.from;
  if (!config.messaging_service_sid.empty()) {
    object["messaging_service_sid"] = config.messaging_service_sid;
  }
  if (!config.status_callback_url.empty()) {
    object["status_callback_url"] = config.status_callback_url;
  }
  return object.dump();
}

}  // namespace mensajero::channels::twilio
