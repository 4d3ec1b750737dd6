#include "storage/common/webhook_partitions.h"

#include <utility>

#include <functional>
#include <iterator>
#include <string>

namespace mensajero::storage::common {
namespace {

std::string partitionKey(const WebhookWork& work) {
  if (!work.inbound.empty()) {
    const InboundEvent& event = work.inbound.front();
    return event.organization_id + '\n' + event.channel_identifier;
  }
  if (!work.statuses.empty()) {
    const StatusEvent& event = work.statuses.front();
    return event.organization_id + '\n' + event.external_id;
  }
  return work.webhook_log_id;  // nothing to apply but its log row
}

}  // namespace

std::vector<std::vector<WebhookWork>> partitionWebhookWork(const std::vector<WebhookWork>& batch,
                                                           std::size_t parts) {
  if (parts <= 1 || batch.size() <= 1) return {batch};
  std::vector<std::vector<WebhookWork>> split(parts);
  for (const WebhookWork& work : batch) {
    split[std::hash<std::string>{}(partitionKey(work)) % parts].push_back(work);
  }
  std::erase_if(split, [](const auto& part) { return part.empty(); });
  return split;
}

void addCounts(WebhookApplyCounts& total, WebhookApplyCounts part) {
  total.statuses_applied += part.statuses_applied;
  total.statuses_ignored += part.statuses_ignored;
  total.statuses_unmatched += part.statuses_unmatched;
  total.statuses_refused += part.statuses_refused;
  total.inbound_inserted += part.inbound_inserted;
  total.inbound_duplicates += part.inbound_duplicates;
  total.inbound_events_recorded += part.inbound_events_recorded;
  total.applied_statuses.insert(total.applied_statuses.end(),
                                std::make_move_iterator(part.applied_statuses.begin()),
                                std::make_move_iterator(part.applied_statuses.end()));
}

}  // namespace mensajero::storage::common
