#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace mensajero::security {

// What an API key may do. A route declares the one scope it needs.
enum class Scope : std::uint8_t {
  Send = 1,   // POST /api/v2/messages/send
  Read = 2,   // every GET of the API
  Admin = 4,  // channel enable/disable
};

std::string_view toString(Scope scope);

// The scopes of one key. A value type; the default holds none.
class ScopeSet {
 public:
  ScopeSet() = default;
  // send, read and admin: what every key created before scopes existed holds.
  static ScopeSet all();

  bool has(Scope scope) const { return (bits_ & static_cast<std::uint8_t>(scope)) != 0; }
  ScopeSet& add(Scope scope) {
    bits_ |= static_cast<std::uint8_t>(scope);
    return *this;
  }
  bool empty() const { return bits_ == 0; }
  // Canonical form, as stored: "send,read,admin" order, comma-separated, no spaces.
  std::string toString() const;

  friend bool operator==(ScopeSet, ScopeSet) = default;

 private:
  std::uint8_t bits_ = 0;
};

// Parses a comma-separated list such as "send,read" (spaces around names allowed, repeats
// ignored). nullopt when a name is unknown or the list holds no name.
std::optional<ScopeSet> parseScopes(std::string_view list);

}  // namespace mensajero::security
