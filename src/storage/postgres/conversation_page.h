#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/postgres/pg_connection.h"
#include "storage/records.h"

namespace mensajero::storage::postgres {

// As Store::getConversation; expects a snapshot transaction, so its several statements agree.
// Messages are ordered by (created_at, seq). Invalid when `limit` is negative or
// `before_message_id` is not a message of the conversation.
Result<std::optional<ConversationPage>> readConversationPage(
    PgConnection& db, std::string_view organization_id, std::string_view conversation_id, int limit,
    const std::optional<std::string>& before_message_id);

}  // namespace mensajero::storage::postgres
