#include "app/config_yaml.h"

#include <cctype>
#include <charconv>
#include <set>
#include <system_error>

#include "app/config.h"

namespace mensajero::app::detail {
namespace {

bool isVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

const std::string& lookupVariable(std::string_view name, const std::string& key,
                                  const Environment& environment) {
  if (!isVariableName(name)) {
    throw ConfigError(key, "invalid variable reference ${" + std::string(name) + "}");
  }
  auto found = environment.find(std::string(name));
  if (found == environment.end()) {
    throw ConfigError(key, "environment variable " + std::string(name) + " is not set");
  }
  return found->second;
}

bool isBooleanWord(std::string_view text, bool& value) {
  if (text == "true" || text == "True" || text == "TRUE") {
    value = true;
    return true;
  }
  if (text == "false" || text == "False" || text == "FALSE") {
    value = false;
    return true;
  }
  return false;
}

// Decimal notation only: from_chars would also take "inf" and "nan", which YAML spells
// differently and which JSON cannot hold.
std::optional<double> parseFloat(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789.-+eE") != std::string_view::npos ||
      text.find_first_of("0123456789") == std::string_view::npos) {
    return std::nullopt;
  }
  if (text.front() == '+') {
    text.remove_prefix(1);
  }
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

nlohmann::json plainScalarToJson(const std::string& text) {
  bool boolean = false;
  if (isBooleanWord(text, boolean)) {
    return boolean;
  }
  if (auto integer = parseInteger(text)) {
    return *integer;
  }
  if (auto number = parseFloat(text)) {
    return *number;
  }
  return text;
}

nlohmann::json scalarToJson(const YAML::Node& node, const std::string& key,
                            const Environment& environment) {
  const std::string& text = node.Scalar();
  // A substituted secret such as a numeric token must stay a string, and so must anything
  // the author quoted ("!" is yaml-cpp's tag for a quoted scalar).
  bool is_string = text.find("${") != std::string::npos || node.Tag() == "!" ||
                   node.Tag() == "tag:yaml.org,2002:str";
  std::string value = substituteVariables(text, key, environment);
  if (is_string) {
    return value;
  }
  return plainScalarToJson(value);
}

}  // namespace

void checkYamlBounds(const YAML::Node& root, const std::string& path) {
  struct Pending {
    YAML::Node node;
    std::size_t depth;  // containers around it, itself included when it is one
  };
  std::vector<Pending> pending{{root, 1}};
  std::size_t nodes = 0;
  while (!pending.empty()) {
    Pending next = std::move(pending.back());
    pending.pop_back();
    if (++nodes > kMaxConfigNodes) {
      throw ConfigError("config", path + ": more than " + std::to_string(kMaxConfigNodes) +
                                      " YAML nodes (aliases count at every use)");
    }
    if (!next.node.IsMap() && !next.node.IsSequence()) {
      continue;
    }
    if (next.depth > kMaxConfigDepth) {
      throw ConfigError("config", path + ": YAML nests deeper than " +
                                      std::to_string(kMaxConfigDepth) + " levels");
    }
    for (auto it = next.node.begin(); it != next.node.end(); ++it) {
      if (next.node.IsMap()) {
        pending.push_back({it->first, next.depth + 1});
        pending.push_back({it->second, next.depth + 1});
      } else {
        pending.push_back({*it, next.depth + 1});
      }
    }
  }
}

std::string childKey(const std::string& parent, std::string_view name) {
  if (parent.empty()) {
    return std::string(name);
  }
  return parent + "." + std::string(name);
}

std::string indexKey(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string_view describeNode(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "null";
}

void throwWrongType(const std::string& key, std::string_view expected, const YAML::Node& node) {
  throw ConfigError(
      key, "expected " + std::string(expected) + ", got " + std::string(describeNode(node)));
}

std::vector<MappingEntry> mappingEntries(const YAML::Node& node, const std::string& key) {
  if (!node.IsMap()) {
    throwWrongType(key, "a mapping", node);
  }
  std::vector<MappingEntry> entries;
  std::set<std::string> seen;
  for (const auto& item : node) {
    if (!item.first.IsScalar()) {
      throw ConfigError(key.empty() ? "config" : key, "keys must be strings");
    }
    const std::string& name = item.first.Scalar();
    std::string entry_key = childKey(key, name);
    if (!seen.insert(name).second) {
      throw ConfigError(entry_key, "duplicate key");
    }
    entries.push_back({name, std::move(entry_key), item.second});
  }
  return entries;
}

std::vector<SequenceElement> sequenceElements(const YAML::Node& node, const std::string& key) {
  if (node.IsNull()) {
    return {};
  }
  if (!node.IsSequence()) {
    throwWrongType(key, "a sequence", node);
  }
  std::vector<SequenceElement> elements;
  for (std::size_t i = 0; i < node.size(); ++i) {
    elements.push_back({indexKey(key, i), node[i]});
  }
  return elements;
}

std::string substituteVariables(std::string_view text, const std::string& key,
                                const Environment& environment) {
  std::string result;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t dollar = text.find('$', pos);
    if (dollar == std::string_view::npos) {
      result.append(text.substr(pos));
      break;
    }
    result.append(text.substr(pos, dollar - pos));
    std::string_view rest = text.substr(dollar);
    if (rest.starts_with("$${")) {
      result.append("${");
      pos = dollar + 3;
    } else if (rest.starts_with("${")) {
      std::size_t close = text.find('}', dollar + 2);
      if (close == std::string_view::npos) {
        throw ConfigError(key, "unterminated ${ in value");
      }
      result.append(lookupVariable(text.substr(dollar + 2, close - dollar - 2), key, environment));
      pos = close + 1;
    } else {
      result.push_back('$');
      pos = dollar + 1;
    }
  }
  return result;
}

std::string readScalar(const YAML::Node& node, const std::string& key, std::string_view expected,
                       const Environment& environment) {
  if (!node.IsScalar()) {
    throwWrongType(key, expected, node);
  }
  return substituteVariables(node.Scalar(), key, environment);
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
  if (text.empty()) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [parsed_end, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || parsed_end != end) {
    return std::nullopt;
  }
  return value;
}

nlohmann::json yamlToJson(const YAML::Node& node, const std::string& key,
                          const Environment& environment) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : mappingEntries(node, key)) {
      object[entry.name] = yamlToJson(entry.value, entry.key, environment);
    }
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& element : sequenceElements(node, key)) {
      array.push_back(yamlToJson(element.value, element.key, environment));
    }
    return array;
  }
  if (node.IsScalar()) {
    return scalarToJson(node, key, environment);
  }
  return nullptr;
}

}  // namespace mensajero::app::detail
