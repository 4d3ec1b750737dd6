#pragma once

#include <nlohmann/json.hpp>

#include "storage/records.h"

namespace mensajero::api::dto {

// ConversationResponse (spec C.1) plus "paging": {"hasMore", "before"} where "before" is
// the cursor for the next (older) page.
nlohmann::json conversationResponse(const storage::ConversationPage& page);
nlohmann::json messageJson(const storage::MessageRecord& message);

}  // namespace mensajero::api::dto
