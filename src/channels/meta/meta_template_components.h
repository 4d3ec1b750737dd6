#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

// Translation between the gateway's template content (channels/template_catalog.h) and Meta's
// template components (providers.md §1.6). The gateway's content is a JSON object:
//   {"body": "Hola {{1}}", "header": {"type": "text", "text": "..."}, "footer": "...",
//    "buttons": [{"type": "quick_reply" | "url" | "phone_number", "text", "url"?,
//                 "phone_number"?}],
//    "examples": {"1": "Ana", ...}}
// with positional ({{1}}) or named ({{first_name}}) parameters.
namespace mensajero::channels::meta {

// Meta's `components` for a create call, with the example Meta requires for every parameter
// (the content's own, else the parameter's name). Invalid "invalid_template_content" when the
// content has no body or is not of the shape above; Invalid "media_header_unsupported" for a
// media header (Meta wants an upload handle as its example, which the gateway does not make).
Result<nlohmann::json> metaComponents(std::string_view content_json);

// The gateway's content of one of Meta's templates (components as listed), as JSON text, or
// Invalid with a reason fit for an operator (no content quoted) when it cannot be used: no
// BODY, or a component past Meta's own limits.
Result<std::string> gatewayContent(const nlohmann::json& components);

}  // namespace mensajero::channels::meta
