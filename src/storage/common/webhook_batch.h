#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/common/webhook_outcomes.h"
#include "storage/records.h"

// Applying a batch of parsed webhooks, the same for both stores (Store::applyWebhookWork):
// every inbound event is validated before anything is written, then each webhook's events
// are applied in order and its log row is marked processed. A store only executes the steps,
// inside one transaction.
namespace mensajero::storage::common {

class WebhookBatchSteps {
 public:
  virtual ~WebhookBatchSteps() = default;
  virtual Status validateInbound(const InboundEvent& event) = 0;
  // When the log row was received; nullopt for work without a stored row (or a row that is
  // gone), whose events are dated by their own time.
  virtual Result<std::optional<UnixMillis>> receivedAt(const std::string& webhook_log_id) = 0;
  virtual Result<StatusOutcome> applyStatus(const StatusEvent& event, UnixMillis seen_at) = 0;
  virtual Result<InboundOutcome> applyInbound(const InboundEvent& event, UnixMillis seen_at) = 0;
  virtual Status markProcessed(const WebhookWork& work, UnixMillis received_at) = 0;
};

Result<WebhookApplyCounts> applyWebhookWork(WebhookBatchSteps& steps,
                                            const std::vector<WebhookWork>& batch);

}  // namespace mensajero::storage::common
