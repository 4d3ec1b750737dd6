#pragma once

#include <nlohmann/json.hpp>

#include "common/time_format.h"
#include "storage/records.h"

namespace mensajero::api::dto {

// A conversation's customer-service window at `now` (core/service_window.h), as
// GET /api/v2/conversations/{id} shows it: {"open", "expiresAt", "lastInboundAt"} (times ISO
// 8601 or null while the patient never wrote). null for a channel type without a window.
nlohmann::json serviceWindowJson(const storage::ConversationRecord& conversation, UnixMillis now);

}  // namespace mensajero::api::dto
