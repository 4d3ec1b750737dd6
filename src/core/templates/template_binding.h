#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/templates/template_model.h"

// A send's parameters checked against its template, and what follows from them: the text the
// patient sees (for the conversation and for SMS) and the neutral parameter list a channel
// turns into its provider's payload (metadata.template.parameters).
namespace mensajero::core::templates {

inline constexpr std::size_t kMaxParameterLength = 1024;  // ours; Meta's 132005 is "too long"
inline constexpr std::size_t kMaxLinkLength = 2000;

struct BoundValue {
  std::string name;  // "1", "2", ... or the named parameter
  std::string value;
};

struct BoundHeader {
  HeaderFormat format = HeaderFormat::None;
  std::optional<BoundValue> text;  // Text with a parameter
  std::string link;                // media
  std::string filename;            // document, optional
};

struct BoundButton {
  int index = 0;  // position in the template's buttons
  ButtonType type = ButtonType::QuickReply;
  std::string payload;  // QuickReply, optional
  std::string text;     // Url with {{1}}: its value
};

struct BoundTemplate {
  std::vector<BoundValue> body;  // positional: in number order; named: in order of appearance
  BoundHeader header;
  std::vector<BoundButton> buttons;
};

// Checks `parameters` (the send's content.parameters: null or an object with body, header,
// buttons) against `content`. Invalid, first failure wins:
//   template_content_invalid (shape), template_parameters_missing (a body parameter without a
//   value), template_parameters_unexpected (a value for a parameter the template lacks, or a
//   header the template does not take), template_parameter_invalid (not a string, empty,
//   longer than 1024, or holding a newline or tab, which Meta refuses in a parameter),
//   template_header_parameter_missing, template_header_media_mismatch (media type other than
//   the template's, or not an https link), template_button_invalid (index not a button of the
//   template, repeated, or a value the button does not take), template_button_parameter_missing
//   (a URL button with {{1}} and no text).
// `parameters` must come from a depth-bounded parse.
Result<BoundTemplate> bindParameters(const TemplateContent& content,
                                     const nlohmann::json& parameters);

// What the patient sees, as plain text: the header text, the body and the footer with the
// parameters filled in, one per line, and each URL button as "label: url".
std::string renderText(const TemplateContent& content, const BoundTemplate& bound);

// The bound parameters as metadata.template.parameters:
//   {"body": [{"name": "1", "value": "Ana"}, ...],
//    "header": {"type": "text", "name": "1", "value": ...}
//            | {"type": "image"|"video"|"document", "link": ..., "filename": ...},
//    "buttons": [{"index": 0, "type": "quick_reply", "payload": ...}
//              | {"index": 1, "type": "url", "text": ...}]}
nlohmann::json parametersJson(const BoundTemplate& bound);

}  // namespace mensajero::core::templates
