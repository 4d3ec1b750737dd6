#include "security/api_key_scopes.h"

#include <array>

namespace mensajero::security {
namespace {

constexpr std::array kScopes = {Scope::Send, Scope::Read, Scope::Admin};

std::string_view trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view toString(Scope scope) {
  switch (scope) {
    case Scope::Send:
      return "send";
    case Scope::Read:
      return "read";
    case Scope::Admin:
      return "admin";
  }
  return "";
}

ScopeSet ScopeSet::all() {
  ScopeSet scopes;
  for (Scope scope : kScopes) scopes.add(scope);
  return scopes;
}

std::string ScopeSet::toString() const {
  std::string text;
  for (Scope scope : kScopes) {
    if (!has(scope)) continue;
    if (!text.empty()) text += ',';
    text += security::toString(scope);
  }
  return text;
}

std::optional<ScopeSet> parseScopes(std::string_view list) {
  ScopeSet scopes;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view name = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    bool known = false;
    for (Scope scope : kScopes) {
      if (name == security::toString(scope)) {
        scopes.add(scope);
        known = true;
      }
    }
    if (!known) return std::nullopt;
  }
  if (scopes.empty()) return std::nullopt;
  return scopes;
}

}  // namespace mensajero::security
