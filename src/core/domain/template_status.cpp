#include "core/domain/template_status.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<TemplateStatus, 5> kTexts = {{
    {TemplateStatus::Pending, "pending"},
    {TemplateStatus::Approved, "approved"},
    {TemplateStatus::Rejected, "rejected"},
    {TemplateStatus::Paused, "paused"},
    {TemplateStatus::Disabled, "disabled"},
}};

// Meta's names that are not simply ours in upper case (see the header for why).
constexpr detail::TextTable<TemplateStatus, 10> kMetaTexts = {{
    {TemplateStatus::Pending, "PENDING"},
    {TemplateStatus::Approved, "APPROVED"},
    {TemplateStatus::Rejected, "REJECTED"},
    {TemplateStatus::Paused, "PAUSED"},
    {TemplateStatus::Disabled, "DISABLED"},
    {TemplateStatus::Rejected, "IN_APPEAL"},
    {TemplateStatus::Disabled, "PENDING_DELETION"},
    {TemplateStatus::Disabled, "ARCHIVED"},
    {TemplateStatus::Rejected, "LIMIT_EXCEEDED"},
    {TemplateStatus::Approved, "REINSTATED"},
}};

}  // namespace

std::string_view toText(TemplateStatus status) { return detail::textOf(kTexts, status); }

std::optional<TemplateStatus> parseTemplateStatus(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

std::optional<TemplateStatus> templateStatusFromMeta(std::string_view meta_status) {
  return detail::valueOf(kMetaTexts, meta_status);
}

}  // namespace mensajero::domain
