#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.h"
#include "core/templates/template_model.h"

// Meta's rules for a template, checked when it is created or updated so that a template Meta
// would refuse is refused here first, each rule with its own error code (all Invalid).
// Sources: the limits marked (M) are in Meta's template documentation as summarised in
// shared/reference/providers.md §1.6; those marked (S) come from secondary sources
// (Meta's component reference as quoted by client libraries) and may move.
namespace mensajero::core::templates {

inline constexpr std::size_t kMaxNameLength = 512;       // (M) template_name_invalid
inline constexpr std::size_t kMaxBodyLength = 1024;      // (S) template_body_too_long
inline constexpr std::size_t kMaxHeaderTextLength = 60;  // (S) template_header_too_long
inline constexpr std::size_t kMaxFooterLength = 60;      // (S) template_footer_too_long
inline constexpr std::size_t kMaxButtonTextLength = 25;  // (S) template_button_text_too_long
inline constexpr std::size_t kMaxButtons = 10;           // (S) template_too_many_buttons
inline constexpr std::size_t kMaxUrlButtons = 2;         // (S) template_too_many_url_buttons
inline constexpr std::size_t kMaxPhoneButtons = 1;       // (S) template_too_many_phone_buttons
inline constexpr std::size_t kMaxUrlLength = 2000;       // (S) template_button_url_invalid
inline constexpr std::size_t kMaxExampleLength = 1024;   // ours: bounds stored input
inline constexpr std::size_t kMaxBodyParameters = 100;   // ours: bounds stored input

// template_name_invalid: empty, longer than kMaxNameLength or not [a-z0-9_].
Status validateTemplateName(std::string_view name);
// template_language_invalid: not a language code like "es", "es_MX" or "en_US".
Status validateTemplateLanguage(std::string_view language);

// The content rules, first failure wins:
//   template_body_missing, template_body_too_long, template_parameter_malformed,
//   template_parameter_format_mixed (positional and named in one template, or not the
//     declared parameter_format), template_parameter_numbering ({{1}}..{{n}} with no gap),
//   template_parameters_adjacent ("{{1}}{{2}}"), template_parameter_at_edge (the body starts
//     or ends with a parameter), template_too_many_parameters,
//   template_example_missing / template_example_unknown (every parameter has exactly one
//     example, and no example names a parameter the text does not have),
//   template_header_too_long, template_header_too_many_parameters (more than one),
//   template_header_invalid (text on a media header, no text on a text header),
//   template_footer_too_long, template_footer_has_parameters,
//   template_too_many_buttons, template_too_many_url_buttons, template_too_many_phone_buttons,
//   template_button_text_missing, template_button_text_too_long,
//   template_button_url_invalid (not https?://, too long, or a parameter not at the end or
//     more than one), template_button_phone_invalid (not E.164).
Status validateTemplateContent(const TemplateContent& content);

// Name, language and content.
Status validateTemplate(const TemplateDefinition& definition);

}  // namespace mensajero::core::templates
