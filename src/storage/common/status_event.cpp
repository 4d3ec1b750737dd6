#include "storage/common/status_event.h"

#include "core/domain/delivery_status.h"

namespace mensajero::storage::common {
namespace {

// By the provider's id first; by our id (echoed back by the provider) when that finds none,
// and then the provider's id is filled in.
Result<std::optional<MatchedMessage>> matchMessage(StatusEventSteps& steps,
                                                   const StatusEvent& event) {
  if (!event.external_id.empty()) {
    auto found = steps.findByExternalId(event);
    if (!found || *found || !event.message_id) return found;
  }
  if (!event.message_id) return std::optional<MatchedMessage>();
  return steps.findByMessageId(event);
}

}  // namespace

Result<StatusOutcome> applyStatusEvent(StatusEventSteps& steps, const StatusEvent& event,
                                       UnixMillis seen_at) {
  auto matched = matchMessage(steps, event);
  if (!matched) return matched.error();
  if (!*matched) {
    auto foreign = steps.namesAnyMessage(event);
    if (!foreign) return foreign.error();
    return *foreign ? StatusOutcome::Refused : StatusOutcome::Unmatched;
  }
  const MatchedMessage& message = **matched;
  auto fresh = steps.rememberKey(event, seen_at);
  if (!fresh) return fresh.error();
  if (!*fresh) return StatusOutcome::Ignored;

  if (!message.has_external_id && !event.external_id.empty()) {
    if (Status filled = steps.fillExternalId(message.id, event.external_id); !filled) {
      return filled.error();
    }
  }
  if (!domain::advances(message.status, event.status)) return StatusOutcome::Ignored;
  Status moved = event.status == domain::DeliveryStatus::Failed
                     ? steps.markFailed(message.id, event)
                     : steps.moveForward(message.id, event, domain::datesSetBy(event.status));
  if (!moved) return moved.error();
  return StatusOutcome::Applied;
}

}  // namespace mensajero::storage::common
