#include "storage/common/webhook_outcomes.h"

namespace mensajero::storage::common {

void count(StatusOutcome outcome, WebhookApplyCounts& counts) {
  switch (outcome) {
    case StatusOutcome::Applied:
      ++counts.statuses_applied;
      break;
    case StatusOutcome::Ignored:
      ++counts.statuses_ignored;
      break;
    case StatusOutcome::Unmatched:
      ++counts.statuses_unmatched;
      break;
    case StatusOutcome::Refused:
      ++counts.statuses_refused;
      break;
  }
}

void count(InboundOutcome outcome, WebhookApplyCounts& counts) {
  switch (outcome) {
    case InboundOutcome::Inserted:
      ++counts.inbound_inserted;
      break;
    case InboundOutcome::Recorded:
      ++counts.inbound_events_recorded;
      break;
    case InboundOutcome::Duplicate:
      ++counts.inbound_duplicates;
      break;
  }
}

}  // namespace mensajero::storage::common
