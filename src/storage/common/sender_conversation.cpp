#include "storage/common/sender_conversation.h"

#include "core/domain/sender_conversation.h"

namespace mensajero::storage::common {

Result<std::string> resolveSenderConversation(SenderConversationSteps& steps,
                                              const InboundEvent& event,
                                              const PatientRecord& patient) {
  if (event.user_id.empty()) return steps.findOrCreateConversation(event, patient);
  auto linked = steps.linkedConversation(event);
  if (!linked) return linked.error();
  if (domain::staysInLinkedConversation(event.channel_identifier, linked->has_value())) {
    return **linked;
  }
  auto conversation = steps.findOrCreateConversation(event, patient);
  if (!conversation) return conversation.error();
  std::string linked_key;
  if (*linked && **linked != *conversation) {
    auto key = steps.conversationKey(**linked);
    if (!key) return key.error();
    linked_key = std::move(*key);
  }
  const domain::SenderLinkPlan plan =
      domain::planSenderLink(*linked ? std::optional<std::string_view>(**linked) : std::nullopt,
                             linked_key, *conversation);
  if (plan.merge_linked) {
    if (Status merged = steps.mergeInto(**linked, *conversation, event.at); !merged) {
      return merged.error();
    }
  }
  if (plan.relink) {
    if (Status relinked = steps.linkUserId(event, *conversation); !relinked) {
      return relinked.error();
    }
  }
  return *conversation;
}

}  // namespace mensajero::storage::common
