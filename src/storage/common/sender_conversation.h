#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "storage/records.h"

// Which conversation an inbound event goes to, decided once for both stores by the domain's
// rule (core/domain/sender_conversation.h). A store only executes the steps, inside the
// writer's transaction.
namespace mensajero::storage::common {

class SenderConversationSteps {
 public:
  virtual ~SenderConversationSteps() = default;
  // The conversation the event's user id points to, if any.
  virtual Result<std::optional<std::string>> linkedConversation(const InboundEvent& event) = 0;
  // The conversation of the event's own key, created with `patient` when there is none.
  virtual Result<std::string> findOrCreateConversation(const InboundEvent& event,
                                                       const PatientRecord& patient) = 0;
  // The key (channel_identifier) of conversation `id`; empty when there is none.
  virtual Result<std::string> conversationKey(const std::string& id) = 0;
  // Moves everything of conversation `from` into `into` and archives `from`, noting
  // mergedInto in its metadata.
  virtual Status mergeInto(const std::string& from, const std::string& into, UnixMillis at) = 0;
  // Points the event's user id at `conversation_id`.
  virtual Status linkUserId(const InboundEvent& event, const std::string& conversation_id) = 0;
};

// The id of the conversation the event goes to; without a user id, the one of its key.
Result<std::string> resolveSenderConversation(SenderConversationSteps& steps,
                                              const InboundEvent& event,
                                              const PatientRecord& patient);

}  // namespace mensajero::storage::common
