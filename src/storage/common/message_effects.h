#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "storage/records.h"

// What an inbound event that is not a message does to the message it names (a reaction, an
// edit, a revoke), decided once for both stores. A store only executes the steps, inside the
// writer's transaction.
namespace mensajero::storage::common {

struct TargetMessage {
  std::string id;
  std::string content;
  std::string metadata;  // JSON text
};

class MessageEffectSteps {
 public:
  virtual ~MessageEffectSteps() = default;
  // The organization's message with provider id event.related_external_id (an inbound one
  // when `inbound_only`); nullopt when there is none.
  virtual Result<std::optional<TargetMessage>> findTarget(const InboundEvent& event,
                                                          bool inbound_only) = 0;
  virtual Status updateMessage(const std::string& id, const std::string& content,
                               const std::string& metadata) = 0;
};

// Applies a reaction or an edit to its message (a revoke is only linked to it, and only a
// patient's own message can be edited or revoked); the message's id, or empty when the event
// names none or none matched.
Result<std::string> applyToMessage(MessageEffectSteps& steps, const InboundEvent& event);

}  // namespace mensajero::storage::common
