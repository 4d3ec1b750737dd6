#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

// Translation between the gateway's template content (message_templates.template_content, the
// JSON form of core/templates/template_json.h) and Meta's template components (providers.md
// §1.6). The gateway's content:
//   {"parameter_format": "positional" | "named",
//    "header":  {"format": "text", "text", "examples"} | {"format": "image"|"video"|"document"},
//    "body":    {"text", "examples": [...] (positional) | {"name": "..."} (named)},
//    "footer":  {"text"},
//    "buttons": [{"type": "quick_reply"|"url"|"phone_number", "text", "url"?, "example"?,
//                 "phone_number"?}]}
namespace mensajero::channels::meta {

// Meta's `components` for a create call, with the example Meta requires for every parameter
// (the content's own, else the parameter's name). Invalid "invalid_template_content" when the
// content has no body text or is not of the shape above; Invalid "media_header_unsupported"
// for a media header (Meta wants an upload handle as its example, which the gateway does not
// make yet).
Result<nlohmann::json> metaComponents(std::string_view content_json);

// The gateway's content of one of Meta's templates (its components and parameter_format as
// listed), as JSON text, or Invalid with a reason fit for an operator (no content quoted) when
// it cannot be used: no BODY, or a component past Meta's own limits.
Result<std::string> gatewayContent(const nlohmann::json& components, bool named);

}  // namespace mensajero::channels::meta
