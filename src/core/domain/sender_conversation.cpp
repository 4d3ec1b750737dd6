#include "core/domain/sender_conversation.h"

namespace mensajero::domain {

bool isUserKey(std::string_view channel_identifier) {
  return channel_identifier.starts_with(kUserKeyPrefix);
}

bool staysInLinkedConversation(std::string_view channel_identifier, bool user_id_linked) {
  return user_id_linked && isUserKey(channel_identifier);
}

SenderLinkPlan planSenderLink(std::optional<std::string_view> linked,
                              std::string_view linked_identifier, std::string_view conversation) {
  const bool elsewhere = linked.has_value() && *linked != conversation;
  return SenderLinkPlan{elsewhere && isUserKey(linked_identifier), !linked || elsewhere};
}

}  // namespace mensajero::domain
