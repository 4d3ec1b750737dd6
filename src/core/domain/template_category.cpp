#include "core/domain/template_category.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<TemplateCategory, 3> kTexts = {{
    {TemplateCategory::Utility, "utility"},
    {TemplateCategory::Marketing, "marketing"},
    {TemplateCategory::Authentication, "authentication"},
}};

constexpr detail::TextTable<TemplateCategory, 3> kMetaTexts = {{
    {TemplateCategory::Utility, "UTILITY"},
    {TemplateCategory::Marketing, "MARKETING"},
    {TemplateCategory::Authentication, "AUTHENTICATION"},
}};

}  // namespace

std::string_view toText(TemplateCategory category) { return detail::textOf(kTexts, category); }

std::optional<TemplateCategory> parseTemplateCategory(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

std::optional<TemplateCategory> templateCategoryFromMeta(std::string_view meta_category) {
  return detail::valueOf(kMetaTexts, meta_category);
}

std::string_view toMetaText(TemplateCategory category) {
  return detail::textOf(kMetaTexts, category);
}

}  // namespace mensajero::domain
