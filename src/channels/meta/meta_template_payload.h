#pragma once

#include <string>

#include "channels/channel.h"
#include "common/result.h"

namespace mensajero::channels::meta {

// The Graph API body of a template message (providers.md §1.2): the template's name and
// language code and its components (header, body and button parameters, with
// "parameter_name" for a named template), built from metadata.template as
// core::SendService stored it (core/templates/template_binding.h's parametersJson).
// Permanent template_metadata_invalid when the metadata holds no usable template (a stored row
// no version of the gateway writes).
Result<std::string> templatePayload(const OutboundSend& message, const std::string& to);

}  // namespace mensajero::channels::meta
