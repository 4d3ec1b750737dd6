#pragma once

#include <string>

#include "common/result.h"
#include "storage/common/webhook_outcomes.h"
#include "storage/records.h"

// Applying a patient's inbound event, the same for both stores: a key or a provider message
// id seen before is a duplicate, the sender's conversation is found (or created with a
// patient made from the event), and then the message is stored or, for an event that is not
// a message, the event is recorded. A stored message opens the conversation's service window
// from the message's own (provider) time. A store only executes the steps, inside the
// writer's transaction.
namespace mensajero::storage::common {

class InboundEventSteps {
 public:
  virtual ~InboundEventSteps() = default;
  // Remembers the event's key. False when the organization remembered it before (an empty
  // key never is), or when an inbound message with the event's provider id (when it has one)
  // is stored already: checked too, so that a redelivery under a new key creates no
  // conversation either. One step, so a store with round trips makes one (issue 13).
  virtual Result<bool> firstSighting(const InboundEvent& event, UnixMillis seen_at) = 0;
  virtual Result<std::string> senderConversation(const InboundEvent& event,
                                                 const PatientRecord& patient) = 0;
  // False when the same event was recorded before.
  virtual Result<bool> recordEvent(const InboundEvent& event,
                                   const std::string& conversation_id) = 0;
  // Stores the message as received (delivered to us); false when it was there already.
  virtual Result<bool> insertMessage(const InboundEvent& event,
                                     const std::string& conversation_id) = 0;
  // The conversation's last inbound time becomes `at` unless it is later already (the
  // customer-service window, core/service_window.h; never moved backwards).
  virtual Status noteInboundAt(const std::string& conversation_id, UnixMillis at) = 0;
};

Result<InboundOutcome> applyInboundEvent(InboundEventSteps& steps, const InboundEvent& event,
                                         UnixMillis seen_at);

}  // namespace mensajero::storage::common
