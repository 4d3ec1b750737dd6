#include "storage/common/record_validation.h"

#include <string>

#include "core/domain/channel_type.h"
#include "core/domain/message_type.h"
#include "core/domain/priority.h"

namespace mensajero::storage::common {
namespace {

Error invalidMessage(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_message", std::move(message));
}

Error invalidInbound(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_inbound", std::move(message));
}

}  // namespace

Status validateOutbound(const NewOutboundMessage& m) {
  if (m.organization_id.empty()) return invalidMessage("organization is empty");
  if (!domain::parsePriority(m.priority)) return invalidMessage("unknown priority");
  if (!domain::isStoredMessageType(m.message_type)) return invalidMessage("unknown message type");
  if (!m.conversation_id) {
    if (m.channel_identifier.empty()) return invalidMessage("channel identifier is empty");
    if (!domain::parseChannelType(m.channel_type)) return invalidMessage("unknown channel type");
  }
  return {};
}

Status validateInbound(const InboundEvent& event) {
  if (event.organization_id.empty()) return invalidInbound("inbound event without organization");
  if (event.channel_identifier.empty()) return invalidInbound("inbound event without sender");
  if (!domain::parseChannelType(event.channel_type)) {
    return invalidInbound("inbound event with unknown channel type");
  }
  if (!domain::isStoredMessageType(event.message_type)) {
    return invalidInbound("inbound event with unknown message type");
  }
  return {};
}

}  // namespace mensajero::storage::common
