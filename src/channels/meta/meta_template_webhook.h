#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "channels/webhook_events.h"

namespace mensajero::channels::meta {

// Whether a change's field is one of the template changes below.
bool isTemplateField(const std::string& field);

// One change of field "message_template_status_update" or "message_template_quality_update"
// (providers.md §1.5) of entry `waba_id`, in the gateway's terms: the status mapped by
// gatewayTemplateStatus (REJECTED's reason is rejection_info.reason, else `reason`), the
// quality as Meta names it (GREEN, YELLOW, RED, UNKNOWN). nullopt when the change names no usable
// template id (a number, or a string of digits) or carries neither a tracked status nor a quality.
// Names, languages and reasons are cut to Meta's own limits, so a signed but hostile body stores
// nothing larger.
std::optional<TemplateUpdate> parseTemplateChange(const std::string& waba_id,
                                                  const std::string& field,
                                                  const nlohmann::json& value);

}  // namespace mensajero::channels::meta
