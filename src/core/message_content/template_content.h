#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/store.h"

// message.type 'template': the send request's content, the template it names and what the
// stored message keeps. Content shape:
//   {"name": "appointment_reminder", "language": "es_MX" (optional),
//    "parameters": {"body": ["Ana", ...] | {"patient_name": "Ana", ...},
//                   "header": {"type": "text", "text": ...}
//                           | {"type": "image"|"video"|"document", "link": ..., "filename"?},
//                   "buttons": [{"index": 0, "payload": ...} | {"index": 1, "text": ...}]}}
namespace mensajero::core {

// Shape only (no store): Invalid template_content_invalid when the content is not such an
// object (name a non-empty string of at most 512 characters, language a string).
Status validateTemplateSendContent(std::string_view content);

// A template send resolved against the organization's templates.
struct TemplateSend {
  std::string template_id;
  std::string name;
  std::string language;       // the language used: the requested one, or the default's
  std::string rendered_text;  // what the patient sees (stored as the message's content)
  nlohmann::json metadata;    // metadata.template: {id, name, language, parameter_format,
                              // parameters} (core/templates/template_binding.h)
};

// Finds the template by name in the requested language, else in `default_language`, within
// the organization, and binds the parameters. Invalid: template_content_invalid,
// template_not_found, template_not_approved (the message names the status), and
// bindParameters' codes. Unavailable when the store is.
Result<TemplateSend> resolveTemplateSend(storage::Store& store, const std::string& organization_id,
                                         const std::string& default_language,
                                         std::string_view content);

// The status the dispatcher requires of a template before a WhatsApp attempt: nullopt when
// the message is not a template or its template (metadata.template.id) is still approved;
// otherwise the error to fail (or fall back) with: Fallback template_not_approved naming the
// status, or template_not_found when the row is gone. A store error yields nullopt (the
// provider refuses an unapproved template anyway: 132001/132015/132016).
std::optional<Error> templateRefusal(storage::Store& store, const std::string& organization_id,
                                     std::string_view message_type, std::string_view metadata);

}  // namespace mensajero::core
