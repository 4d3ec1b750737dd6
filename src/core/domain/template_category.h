#pragma once

#include <optional>
#include <string_view>

// What a message template is for (message_templates.category), as Meta classifies it. Meta
// may recategorise a template on review.
namespace mensajero::domain {

enum class TemplateCategory {
  Utility,         // about a transaction the patient started: reminders, results ready
  Marketing,       // anything promotional
  Authentication,  // one-time passcodes
};

// "utility", "marketing", "authentication".
std::string_view toText(TemplateCategory category);
// nullopt for any other text.
std::optional<TemplateCategory> parseTemplateCategory(std::string_view text);
// Meta's upper-case name ("UTILITY", ...) as ours; nullopt for any other text.
std::optional<TemplateCategory> templateCategoryFromMeta(std::string_view meta_category);
// Ours as Meta writes it ("UTILITY", ...).
std::string_view toMetaText(TemplateCategory category);

}  // namespace mensajero::domain
