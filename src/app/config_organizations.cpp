#include "app/config_organizations.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "app/providers.h"
#include "core/channel_plan.h"
#include "core/templates/template_validation.h"

namespace mensajero::app::detail {
namespace {

constexpr std::array<std::string_view, 4> kChannelTypes = {"whatsapp", "sms", "voice", "email"};
// Providers the schema names that this build does not have yet: their channels may be
// declared (and are stored) ahead of the code that sends with them, config passed through.
constexpr std::array<std::string_view, 2> kPlannedProviders = {"360dialog", "smtp"};

bool isPlanned(std::string_view provider) {
  return std::find(kPlannedProviders.begin(), kPlannedProviders.end(), provider) !=
         kPlannedProviders.end();
}

std::string readProvider(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::string text = readScalar(node, key, "a string", env);
  if (builtInProviders().find(text) != nullptr || isPlanned(text)) return text;
  std::string list;
  for (const std::string& name : builtInProviders().names()) list += name + ", ";
  for (std::string_view name : kPlannedProviders) list += std::string(name) + ", ";
  list.resize(list.size() - 2);
  throw ConfigError(key, "expected one of " + list + ", got '" + text + "'");
}

// Which channel types each provider can carry; anything else could never send.
bool providerCarries(std::string_view provider, std::string_view type) {
  if (const channels::Provider* built_in = builtInProviders().find(provider)) {
    return built_in->carries(type);
  }
  if (provider == "smtp") {
    return type == "email";
  }
  return type == "whatsapp";  // 360dialog
}

bool isUuid(std::string_view text) {
  if (text.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    bool ok = dash_position ? text[i] == '-' : std::isxdigit(static_cast<unsigned char>(text[i]));
    if (!ok) {
      return false;
    }
  }
  return true;
}

std::string readUuid(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::string text = readScalar(node, key, "a UUID string", env);
  if (!isUuid(text)) {
    throw ConfigError(key, "expected a UUID (8-4-4-4-12 hexadecimal digits), got '" + text + "'");
  }
  // Seeding matches organizations by id as text, so every spelling must be the same one.
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string readNonEmpty(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::string text = readScalar(node, key, "a string", env);
  if (text.empty()) {
    throw ConfigError(key, "must not be empty");
  }
  return text;
}

std::string readRegion(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::string text = readScalar(node, key, "a string", env);
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (text.size() != 2 || !upper(text[0]) || !upper(text[1])) {
    throw ConfigError(
        key, "expected two uppercase letters (ISO 3166-1 alpha-2, e.g. MX), got '" + text + "'");
  }
  return text;
}

template <std::size_t N>
std::string readOneOf(const YAML::Node& node, const std::string& key,
                      const std::array<std::string_view, N>& choices, const Environment& env) {
  std::string text = readScalar(node, key, "a string", env);
  if (std::find(choices.begin(), choices.end(), text) != choices.end()) {
    return text;
  }
  std::string list;
  for (std::string_view choice : choices) {
    list += (list.empty() ? "" : ", ") + std::string(choice);
  }
  throw ConfigError(key, "expected one of " + list + ", got '" + text + "'");
}

// The provider's own validation (Provider::readConfig), the only one; the problem names the
// field, never its value (this is where secrets live). Planned providers' configs pass.
void validateProviderConfig(std::string_view provider, const std::string& config_json,
                            const std::string& key) {
  const channels::Provider* built_in = builtInProviders().find(provider);
  if (built_in == nullptr) return;
  auto read = built_in->readConfig(config_json);
  if (const auto* problem = std::get_if<channels::ConfigProblem>(&read)) {
    throw ConfigError(problem->field.empty() ? key : childKey(key, problem->field),
                      problem->problem);
  }
}

nlohmann::json readProviderConfig(const YAML::Node& node, const std::string& key,
                                  const Environment& env) {
  if (node.IsNull()) {
    return nlohmann::json::object();
  }
  if (!node.IsMap()) {
    throwWrongType(key, "a mapping", node);
  }
  return yamlToJson(node, key, env);
}

std::string toJsonText(const nlohmann::json& config, const std::string& key) {
  try {
    return config.dump();
  } catch (const nlohmann::json::exception&) {
    throw ConfigError(key, "contains text that is not valid UTF-8");
  }
}

ChannelSeed readChannel(const YAML::Node& node, const std::string& key, const Environment& env) {
  std::optional<std::string> type;
  std::optional<std::string> provider;
  nlohmann::json provider_config = nlohmann::json::object();
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "type") {
      type = readOneOf(entry.value, entry.key, kChannelTypes, env);
    } else if (entry.name == "provider") {
      provider = readProvider(entry.value, entry.key, env);
    } else if (entry.name == "provider_config") {
      provider_config = readProviderConfig(entry.value, entry.key, env);
    } else {
      throw ConfigError(entry.key, "unknown key");
    }
  }
  // No defaults here: a channel silently becoming whatsapp/meta would be a surprise.
  if (!type || !provider) {
    throw ConfigError(childKey(key, type ? "provider" : "type"), "required");
  }
  if (!providerCarries(*provider, *type)) {
    throw ConfigError(childKey(key, "provider"), *provider + " cannot carry " + *type);
  }
  std::string config_key = childKey(key, "provider_config");
  std::string config_json = toJsonText(provider_config, config_key);
  validateProviderConfig(*provider, config_json, config_key);
  return ChannelSeed{*type, *provider, std::move(config_json)};
}

// Seeding keys channel instances by (organization, type, provider), so a second entry would
// silently overwrite the first.
std::vector<ChannelSeed> readChannels(const YAML::Node& node, const std::string& key,
                                      const Environment& env) {
  std::vector<ChannelSeed> channels;
  for (const auto& element : sequenceElements(node, key)) {
    ChannelSeed channel = readChannel(element.value, element.key, env);
    for (std::size_t i = 0; i < channels.size(); ++i) {
      if (channels[i].type == channel.type && channels[i].provider == channel.provider) {
        throw ConfigError(element.key, "duplicate " + channel.type + "/" + channel.provider +
                                           " channel (also " + indexKey(key, i) + ")");
      }
    }
    channels.push_back(std::move(channel));
  }
  return channels;
}

// The same rules as a send request's options.fallbackChannels.
std::vector<std::string> readFallbackChannels(const YAML::Node& node, const std::string& key,
                                              const Environment& env) {
  std::vector<std::string> channels;
  for (const auto& element : sequenceElements(node, key)) {
    channels.push_back(readNonEmpty(element.value, element.key, env));
  }
  if (Status valid = core::validateFallbackChannels(channels); !valid) {
    throw ConfigError(key, valid.error().message);
  }
  return channels;
}

OrganizationSeed readOrganization(const YAML::Node& node, const std::string& key,
                                  const Environment& env) {
  OrganizationSeed seed;
  for (const auto& entry : mappingEntries(node, key)) {
    if (entry.name == "id") {
      seed.id = readUuid(entry.value, entry.key, env);
    } else if (entry.name == "name") {
      seed.name = readNonEmpty(entry.value, entry.key, env);
    } else if (entry.name == "default_region") {
      seed.default_region = readRegion(entry.value, entry.key, env);
    } else if (entry.name == "channels") {
      seed.channels = readChannels(entry.value, entry.key, env);
    } else if (entry.name == "default_fallback_channels") {
      seed.default_fallback_channels = readFallbackChannels(entry.value, entry.key, env);
    } else if (entry.name == "default_language") {
      seed.default_language = readScalar(entry.value, entry.key, "a string", env);
      if (Status valid = core::templates::validateTemplateLanguage(seed.default_language); !valid) {
        throw ConfigError(entry.key, "expected a language code such as es or es_MX");
      }
    } else {
      throw ConfigError(entry.key, "unknown key");
    }
  }
  if (seed.name.empty()) {
    throw ConfigError(childKey(key, "name"), "required");
  }
  return seed;
}

// Organizations without an id are matched by name at seeding, so both must be unique.
void requireUnique(const std::vector<OrganizationSeed>& seeds, const std::string& key) {
  const OrganizationSeed& last = seeds.back();
  for (std::size_t i = 0; i + 1 < seeds.size(); ++i) {
    std::string other = indexKey("organizations", i);
    if (seeds[i].name == last.name) {
      throw ConfigError(childKey(key, "name"), "duplicate name (also " + other + ")");
    }
    if (last.id && seeds[i].id == last.id) {
      throw ConfigError(childKey(key, "id"), "duplicate id (also " + other + ")");
    }
  }
}

}  // namespace

std::vector<OrganizationSeed> readOrganizations(const YAML::Node& node,
                                                const Environment& environment) {
  std::vector<OrganizationSeed> seeds;
  for (const auto& element : sequenceElements(node, "organizations")) {
    seeds.push_back(readOrganization(element.value, element.key, environment));
    requireUnique(seeds, element.key);
  }
  return seeds;
}

}  // namespace mensajero::app::detail
