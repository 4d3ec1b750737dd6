#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "core/domain/status_transition.h"
#include "storage/common/webhook_outcomes.h"
#include "storage/records.h"

// Applying a provider's status event, decided once for both stores by the domain's
// forward-only rule (core/domain/status_transition.h). A store only executes the steps,
// inside the writer's transaction.
namespace mensajero::storage::common {

struct MatchedMessage {
  std::string id;
  domain::DeliveryStatus status = domain::DeliveryStatus::Pending;  // as stored
  bool has_external_id = false;
};

class StatusEventSteps {
 public:
  virtual ~StatusEventSteps() = default;
  // The outbound message of event.organization_id with the event's external_id (non-empty),
  // or with its message_id (set): locked for the rest of the transaction where the store can.
  virtual Result<std::optional<MatchedMessage>> findByExternalId(const StatusEvent& event) = 0;
  virtual Result<std::optional<MatchedMessage>> findByMessageId(const StatusEvent& event) = 0;
  // True when the event names any organization's outbound message.
  virtual Result<bool> namesAnyMessage(const StatusEvent& event) = 0;
  // False when the organization remembered the key before; an empty key is never remembered.
  virtual Result<bool> rememberKey(const StatusEvent& event, UnixMillis seen_at) = 0;
  virtual Status fillExternalId(const std::string& id, const std::string& external_id) = 0;
  // Sets the failed status and the event's error.
  virtual Status markFailed(const std::string& id, const StatusEvent& event) = 0;
  // Sets the event's status and, where still empty, the timestamps `dates` names.
  virtual Status moveForward(const std::string& id, const StatusEvent& event,
                             domain::StatusDates dates) = 0;
};

// See Store::applyWebhookWork: moves the matched message forward only; Refused (nothing
// written) when the event names another organization's message; an unmatched or refused
// event does not remember its key, as its message may still appear.
Result<StatusOutcome> applyStatusEvent(StatusEventSteps& steps, const StatusEvent& event,
                                       UnixMillis seen_at);

}  // namespace mensajero::storage::common
