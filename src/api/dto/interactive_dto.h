#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/send_request.h"

namespace mensajero::api::dto {

// For message.type 'interactive': reads message.content (an object: type, header?, body,
// footer?, buttons | button + sections) into request.interactive and puts its body in
// request.content, the text the conversation view shows. No change for any other type.
// Invalid "invalid_request" naming the field when a field has the wrong JSON type; Meta's
// limits are core's (core/message_content/interactive_content.h).
Status readInteractiveContent(const nlohmann::json& content, core::SendRequest& request);

}  // namespace mensajero::api::dto
