#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/templates/template_model.h"

// The JSON form of a template's content: the API's "content" object and the stored
// template_content column, the same shape both ways:
//   {"parameter_format": "positional" | "named",            (optional: inferred from the body)
//    "header":  {"format": "text", "text": "Cita {{1}}", "examples": ["lunes"]}
//             | {"format": "image" | "video" | "document", "example": "https://..."},
//    "body":    {"text": "Hola {{1}}, ...", "examples": ["Ana", ...]}
//               (named: "examples": {"patient_name": "Ana", ...}; header examples alike),
//    "footer":  {"text": "..."},
//    "buttons": [{"type": "quick_reply", "text": "Confirmar"},
//                {"type": "url", "text": "Ver", "url": "https://x/{{1}}", "example": "ab12"},
//                {"type": "phone_number", "text": "Llamar", "phone_number": "+34..."}]}
namespace mensajero::core::templates {

// Reads the shape only (types, known values, counts bounded); the rules are
// validateTemplateContent's. Invalid template_content_invalid naming the field at fault.
// `content` must come from a depth-bounded parse.
Result<TemplateContent> parseTemplateContent(const nlohmann::json& content);

nlohmann::json toJson(const TemplateContent& content);

}  // namespace mensajero::core::templates
