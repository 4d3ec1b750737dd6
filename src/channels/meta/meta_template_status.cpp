#include "channels/meta/meta_template_status.h"

#include <utility>

#include <array>

namespace mensajero::channels::meta {

std::optional<std::string> gatewayTemplateStatus(std::string_view meta_status) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTable = {{
      {"APPROVED", "approved"},
      {"REINSTATED", "approved"},
      {"PENDING", "pending"},
      {"IN_APPEAL", "rejected"},
      {"REJECTED", "rejected"},
      {"PAUSED", "paused"},
      {"DISABLED", "disabled"},
      {"LIMIT_EXCEEDED", "rejected"},
      {"LOCKED", "disabled"},
      {"ARCHIVED", "disabled"},
      {"PENDING_DELETION", "disabled"},
      {"DELETED", "disabled"},
  }};
  for (const auto& [meta, ours] : kTable) {
    if (meta == meta_status) return std::string(ours);
  }
  return std::nullopt;
}

std::optional<std::string> gatewayTemplateCategory(std::string_view meta_category) {
  if (meta_category == "UTILITY") return "utility";
  if (meta_category == "MARKETING") return "marketing";
  if (meta_category == "AUTHENTICATION") return "authentication";
  return std::nullopt;
}

}  // namespace mensajero::channels::meta
