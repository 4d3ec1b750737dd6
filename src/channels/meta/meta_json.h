#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/bounded_json.h"

// Tolerant accessors for provider JSON: a missing member or one of another type reads as
// absent, so a change in Meta's payloads degrades a field instead of failing the parse.
// Private to channels/meta.
namespace mensajero::channels::meta::json_fields {

using Json = nlohmann::json;

// Provider JSON (a Graph API answer, a stored config) parsed within the gateway's bounds; null
// when it is not JSON, nests too deep or holds an out-of-range number, which every accessor
// below reads as absent.
inline Json parseOrNull(std::string_view text) {
  auto parsed = parseBoundedJson(text);
  return parsed ? std::move(*parsed) : Json();
}

inline const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) {
    return nullptr;
  }
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

inline std::optional<std::string> getOptionalString(const Json& object, const char* key) {
  const Json* value = member(object, key);
  if (value == nullptr || !value->is_string()) {
    return std::nullopt;
  }
  return value->get<std::string>();
}

inline std::string getString(const Json& object, const char* key) {
  return getOptionalString(object, key).value_or(std::string());
}

// The latest Unix second a timestamp may name: 9999-12-31T23:59:59Z. Callers turn seconds
// into milliseconds, which must not overflow.
inline constexpr long long kMaxUnixSeconds = 253'402'300'799;

// Meta sends Unix seconds as a string ("1750030073"); a number is accepted too. 0 if neither,
// and 0 for a value outside 0..kMaxUnixSeconds (a signed body may still carry any digits).
inline long long getUnixSeconds(const Json& object, const char* key) {
  const Json* value = member(object, key);
  if (value == nullptr) {
    return 0;
  }
  long long seconds = 0;
  if (value->is_number_integer()) {
    if (value->is_number_unsigned() && value->get<std::uint64_t>() > kMaxUnixSeconds) {
      return 0;
    }
    seconds = value->get<long long>();
  } else if (value->is_string()) {
    const auto& text = value->get_ref<const std::string&>();
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc() || end != text.data() + text.size()) {
      return 0;
    }
  }
  return seconds >= 0 && seconds <= kMaxUnixSeconds ? seconds : 0;
}

// An empty array stands in for a missing or non-array member, so callers can always loop.
inline const Json& getArray(const Json& object, const char* key) {
  static const Json kEmpty = Json::array();
  const Json* value = member(object, key);
  return value != nullptr && value->is_array() ? *value : kEmpty;
}

// The member itself, or null JSON when it is missing, so nested lookups can be chained.
inline const Json& getOptional(const Json& object, const char* key) {
  static const Json kNull;
  const Json* value = member(object, key);
  return value != nullptr ? *value : kNull;
}

}  // namespace mensajero::channels::meta::json_fields
