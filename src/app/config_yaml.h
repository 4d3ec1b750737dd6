#pragma once

// Private to app/config*.cpp: reading YAML nodes with dotted key names for errors.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace mensajero::app::detail {

using Environment = std::map<std::string, std::string>;

// What a configuration file may hold. Real files are a few KiB and a handful of levels deep;
// the bounds keep a hostile or broken file from exhausting memory or the stack (reading the
// tree recurses once per level).
inline constexpr std::size_t kMaxConfigFileBytes = std::size_t{1} << 20;  // 1 MiB
inline constexpr std::size_t kMaxConfigDepth = 64;
inline constexpr std::size_t kMaxConfigNodes = 100'000;

// Throws ConfigError("config", "<path>: ...") when the tree nests deeper than
// kMaxConfigDepth or holds more than kMaxConfigNodes nodes. An alias counts at every use, so a
// document of nested aliases ("billion laughs") is refused instead of expanded. Iterative.
void checkYamlBounds(const YAML::Node& root, const std::string& path);

// "server" + "port" -> "server.port"; an empty parent gives just the name.
std::string childKey(const std::string& parent, std::string_view name);
// "organizations" + 2 -> "organizations[2]".
std::string indexKey(const std::string& parent, std::size_t index);

// "a mapping", "a sequence", "a scalar" or "null", for "expected X, got Y" messages.
std::string_view describeNode(const YAML::Node& node);

// Throws ConfigError(key, "expected <expected>, got <what node is>").
[[noreturn]] void throwWrongType(const std::string& key, std::string_view expected,
                                 const YAML::Node& node);

// The entries of the mapping at `key`, in file order, each with its dotted key. Throws
// ConfigError when the node is not a mapping, a key is not a scalar, or a key repeats
// (yaml-cpp keeps both entries, which would silently let the first one win).
struct MappingEntry {
  std::string name;  // "port"
  std::string key;   // "server.port"
  YAML::Node value;
};
std::vector<MappingEntry> mappingEntries(const YAML::Node& node, const std::string& key);

// The elements of the sequence at `key`, each with its indexed key; null gives none.
// Throws ConfigError when the node is anything else.
struct SequenceElement {
  std::string key;  // "organizations[0]"
  YAML::Node value;
};
std::vector<SequenceElement> sequenceElements(const YAML::Node& node, const std::string& key);

// Replaces each ${NAME} in `text` with environment[NAME]; "$${" stands for a literal "${".
// Substituted text is not scanned again. Throws ConfigError(key) naming a missing variable,
// an unterminated reference or an invalid name.
std::string substituteVariables(std::string_view text, const std::string& key,
                                const Environment& environment);

// The scalar at `key` after substitution. Throws ConfigError(key, "expected <expected>, ...")
// for a mapping, a sequence or null.
std::string readScalar(const YAML::Node& node, const std::string& key, std::string_view expected,
                       const Environment& environment);

// A decimal integer spanning all of `text` with an optional '-'; nullopt when it is not one
// or does not fit in 64 bits.
std::optional<std::int64_t> parseInteger(std::string_view text);

// A YAML tree as JSON, substituting ${NAME} in every scalar. Quoted scalars and scalars that
// contained a reference are strings; plain scalars become booleans, integers or floating
// point numbers when they read as such (YAML 1.2 core schema, decimal only). Throws
// ConfigError naming the offending key.
nlohmann::json yamlToJson(const YAML::Node& node, const std::string& key,
                          const Environment& environment);

}  // namespace mensajero::app::detail
