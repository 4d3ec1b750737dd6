#include "core/templates/template_placeholders.h"

#include <algorithm>

namespace mensajero::core::templates {
namespace {

constexpr std::size_t kMaxNameLength = 64;

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }

bool isNumber(std::string_view inside) {
  if (inside.empty() || inside.size() > 4 || inside[0] == '0') return false;
  return std::all_of(inside.begin(), inside.end(), isDigit);
}

bool isName(std::string_view inside) {
  if (inside.empty() || inside.size() > kMaxNameLength || !isLower(inside[0])) return false;
  return std::all_of(inside.begin(), inside.end(),
                     [](char c) { return isLower(c) || isDigit(c) || c == '_'; });
}

Error malformed() {
  return makeError(ErrorCategory::Invalid, "template_parameter_malformed",
                   "a parameter must be written {{1}} or {{snake_case_name}}");
}

}  // namespace

Result<std::vector<Placeholder>> findPlaceholders(std::string_view text) {
  std::vector<Placeholder> found;
  std::size_t at = text.find("{{");
  while (at != std::string_view::npos) {
    std::size_t close = text.find("}}", at + 2);
    if (close == std::string_view::npos) return malformed();
    std::string_view inside = text.substr(at + 2, close - at - 2);
    bool positional = isNumber(inside);
    if (!positional && !isName(inside)) return malformed();
    found.push_back(Placeholder{std::string(inside), positional, at, close + 2});
    at = text.find("{{", close + 2);
  }
  return found;
}

std::vector<std::string> distinctNames(const std::vector<Placeholder>& placeholders) {
  std::vector<std::string> names;
  for (const Placeholder& placeholder : placeholders) {
    if (std::find(names.begin(), names.end(), placeholder.name) == names.end()) {
      names.push_back(placeholder.name);
    }
  }
  return names;
}

}  // namespace mensajero::core::templates
