#pragma once

#include <utility>

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

// The one text table behind each domain enum's toText/parse pair: the enum value and the
// text the store and the API use for it, so the two directions cannot drift apart.
namespace mensajero::domain::detail {

template <typename Enum, std::size_t N>
using TextTable = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
constexpr std::string_view textOf(const TextTable<Enum, N>& table, Enum value) {
  for (const auto& [candidate, text] : table) {
    if (candidate == value) return text;
  }
  return {};
}

template <typename Enum, std::size_t N>
constexpr std::optional<Enum> valueOf(const TextTable<Enum, N>& table, std::string_view text) {
  for (const auto& [value, candidate] : table) {
    if (candidate == text) return value;
  }
  return std::nullopt;
}

}  // namespace mensajero::domain::detail
