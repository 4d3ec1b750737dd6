#include "delivery/template_gate.h"

#include "core/channel_plan.h"
#include "core/message_content/template_content.h"

namespace mensajero::delivery {

std::optional<Error> templateGate(storage::Store& store, const storage::MessageRecord& message) {
  if (message.message_type != "template" || !message.channel_instance_id) return std::nullopt;
  if (core::channelAtStep(message.channel_plan, message.plan_step) != "whatsapp") {
    return std::nullopt;
  }
  // The message's organization is its channel instance's.
  auto instance = store.findChannelInstance(*message.channel_instance_id);
  if (!instance || !*instance) return std::nullopt;
  return core::templateRefusal(store, (*instance)->organization_id, message.message_type,
                               message.metadata);
}

}  // namespace mensajero::delivery
