// The Dispatcher's side of the channel plan: moving a message to its next channel
// (docs/ARCHITECTURE.md, "Fallback to another channel").
#include <spdlog/spdlog.h>

#include "core/channel_plan.h"
#include "delivery/dispatcher.h"
#include "monitoring/gateway_metrics.h"

namespace mensajero::delivery {

bool Dispatcher::instanceDisabled(const std::string& channel_instance_id) {
  auto instance = store_.findChannelInstance(channel_instance_id);
  // Unknown here means unknown: the attempt goes ahead and its own error decides.
  if (!instance || !*instance) return false;
  return !core::instanceUsable(**instance);
}

std::optional<storage::MessageRecord> Dispatcher::fallBack(
    const storage::MessageRecord& message, const std::string& reason,
    std::optional<storage::SendAttemptRecord> left_attempt) {
  auto current = store_.findChannelInstance(message.channel_instance_id.value_or(""));
  if (!current || !*current) return std::nullopt;
  auto instances = store_.listChannelInstances((*current)->organization_id);
  if (!instances) {
    spdlog::warn("message {}: listing channels for fallback failed: {}", message.id,
                 instances.error().message);
    return std::nullopt;
  }
  // The E.164 number the message was addressed to, for SMS and voice; a WhatsApp id has none
  // (acceptance refuses such a plan, so this is a safeguard).
  const std::string phone = message.recipient.starts_with('+') ? message.recipient : "";
  auto next = core::findStep(core::parseChannelPlan(message.channel_plan), message.plan_step + 1,
                             *instances, "", phone);
  if (!next) return std::nullopt;

  storage::PlanAdvanceRecord advance;
  advance.message_id = message.id;
  advance.lease_owner = options_.owner;
  advance.from_step = message.plan_step;
  advance.to_step = next->step;
  advance.channel_instance_id = next->channel_instance_id;
  advance.recipient = next->recipient;
  advance.left_attempt = std::move(left_attempt);
  auto applied = store_.advanceChannelPlan(advance);
  if (!applied || *applied != storage::AttemptApplied::Applied) {
    // Not moved: the caller records the attempt as it would have without a plan.
    spdlog::warn("message {}: fallback to {} not applied{}", message.id, next->channel_type,
                 applied ? " (lease lost)" : ": " + applied.error().message);
    return std::nullopt;
  }
  spdlog::info("message {} falls back from {} to {} ({})", message.id,
               core::channelAtStep(message.channel_plan, message.plan_step), next->channel_type,
               reason);
  monitoring::gatewayMetrics()
      .fallbacks
      .with({core::channelAtStep(message.channel_plan, message.plan_step), next->channel_type})
      .inc();
  // As the store now holds it (no read: the move is committed and the lease still ours).
  storage::MessageRecord moved = message;
  moved.plan_step = next->step;
  moved.channel_instance_id = next->channel_instance_id;
  moved.recipient = next->recipient;
  moved.attempts = 1;
  return moved;
}

}  // namespace mensajero::delivery
