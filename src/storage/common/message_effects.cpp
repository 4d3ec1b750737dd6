#include "storage/common/message_effects.h"

#include "storage/message_metadata.h"

namespace mensajero::storage::common {

Result<std::string> applyToMessage(MessageEffectSteps& steps, const InboundEvent& event) {
  const bool is_edit = event.kind == "edit";
  const bool is_revoke = event.kind == "revoke";
  if (!is_edit && !is_revoke && event.kind != "reaction") return std::string();
  if (event.related_external_id.empty()) return std::string();
  auto target = steps.findTarget(event, is_edit || is_revoke);
  if (!target) return target.error();
  if (!*target) return std::string();
  const TargetMessage& message = **target;
  // NOTE: a revoked message keeps its text: the clinic's record of what was received stays.
  if (is_revoke) return message.id;
  Status updated =
      is_edit ? steps.updateMessage(
                    message.id, event.content,
                    message_metadata::withEdit(message.metadata, message.content, event.at))
              : steps.updateMessage(
                    message.id, message.content,
                    message_metadata::withReaction(message.metadata, event.channel_identifier,
                                                   event.content, event.at));
  if (!updated) return updated.error();
  return message.id;
}

}  // namespace mensajero::storage::common
