#include "storage/common/inbound_event.h"

namespace mensajero::storage::common {

Result<InboundOutcome> applyInboundEvent(InboundEventSteps& steps, const InboundEvent& event,
                                         UnixMillis seen_at) {
  auto first = steps.firstSighting(event, seen_at);
  if (!first) return first.error();
  if (!*first) return InboundOutcome::Duplicate;
  PatientRecord patient;
  patient.name = event.profile_name;
  patient.phone = event.phone;
  patient.whatsapp_id = event.whatsapp_id;
  auto conversation = steps.senderConversation(event, patient);
  if (!conversation) return conversation.error();
  if (!event.kind.empty()) {
    auto recorded = steps.recordEvent(event, *conversation);
    if (!recorded) return recorded.error();
    return *recorded ? InboundOutcome::Recorded : InboundOutcome::Duplicate;
  }
  auto inserted = steps.insertMessage(event, *conversation);
  if (!inserted) return inserted.error();
  if (!*inserted) return InboundOutcome::Duplicate;
  // Only a message opens the window: Meta counts a user's message (or call), and an event
  // (a reaction, an edit, a number change) recorded here is not one we can be sure it counts.
  if (Status noted = steps.noteInboundAt(*conversation, event.sent_at.value_or(event.at)); !noted) {
    return noted.error();
  }
  return InboundOutcome::Inserted;
}

}  // namespace mensajero::storage::common
