#include "storage/common/webhook_batch.h"

namespace mensajero::storage::common {
namespace {

Status applyEvents(WebhookBatchSteps& steps, const WebhookWork& work,
                   std::optional<UnixMillis> seen_at, WebhookApplyCounts& counts) {
  for (const StatusEvent& event : work.statuses) {
    auto outcome = steps.applyStatus(event, seen_at.value_or(event.at));
    if (!outcome) return outcome.error();
    count(*outcome, counts);
    if (*outcome == StatusOutcome::Applied) {
      counts.applied_statuses.push_back(
          {event.organization_id, event.phone_number_id, event.status});
    }
  }
  for (const InboundEvent& event : work.inbound) {
    auto outcome = steps.applyInbound(event, seen_at.value_or(event.at));
    if (!outcome) return outcome.error();
    count(*outcome, counts);
  }
  return {};
}

}  // namespace

Result<WebhookApplyCounts> applyWebhookWork(WebhookBatchSteps& steps,
                                            const std::vector<WebhookWork>& batch) {
  for (const WebhookWork& work : batch) {
    for (const InboundEvent& event : work.inbound) {
      if (Status valid = steps.validateInbound(event); !valid) return valid.error();
    }
  }
  WebhookApplyCounts counts;
  for (const WebhookWork& work : batch) {
    auto received = work.received_at && !work.webhook_log_id.empty()
                        ? Result<std::optional<UnixMillis>>(work.received_at)
                        : steps.receivedAt(work.webhook_log_id);
    if (!received) return received.error();
    if (Status applied = applyEvents(steps, work, *received, counts); !applied) {
      return applied.error();
    }
    if (*received) {
      if (Status marked = steps.markProcessed(work, **received); !marked) return marked.error();
    }
  }
  return counts;
}

}  // namespace mensajero::storage::common
