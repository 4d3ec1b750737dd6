#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/send_request.h"
#include "delivery/dispatcher.h"

namespace mensajero::api::dto {

// SendMessageRequest (spec C.1) -> core::SendRequest. Invalid "invalid_request" naming the
// field for a missing field or a wrong type, "invalid_scheduled_at" for a malformed time.
Result<core::SendRequest> parseSendMessageRequest(const nlohmann::json& body,
                                                  const std::string& organization_id);

// SendMessageResponse (spec C.1).
nlohmann::json sendMessageResponse(const core::SendTicket& ticket,
                                   const delivery::AttemptOutcome& outcome,
                                   std::optional<UnixMillis> estimated_delivery);

}  // namespace mensajero::api::dto
