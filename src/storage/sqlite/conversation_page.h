#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "storage/records.h"
#include "storage/sqlite/connection.h"

namespace mensajero::storage::sqlite {

// As Store::getConversation, read in one snapshot. Messages are ordered by (created_at,
// rowid). Invalid when `limit` is negative or `before_message_id` is not a message of the
// conversation.
Result<std::optional<ConversationPage>> readConversationPage(
    Connection& db, std::string_view organization_id, std::string_view conversation_id, int limit,
    const std::optional<std::string>& before_message_id);

}  // namespace mensajero::storage::sqlite
