#include "storage/common/record_validation.h"

#include <string>

#include "core/domain/message_type.h"

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
  if (!domain::isStoredMessageType(m.message_type)) return invalidMessage("unknown message type");
  if (!m.conversation_id && m.channel_identifier.empty()) {
    return invalidMessage("channel identifier is empty");
  }
  return {};
}

Status validateInbound(const InboundEvent& event) {
  if (event.organization_id.empty()) return invalidInbound("inbound event without organization");
  if (event.channel_identifier.empty()) return invalidInbound("inbound event without sender");
  if (!domain::isStoredMessageType(event.message_type)) {
    return invalidInbound("inbound event with unknown message type");
  }
  return {};
}

bool isChannelStatus(std::string_view value) {
  return value == "inactive" || value == "connecting" || value == "connected" ||
         value == "disconnected" || value == "error";
}

bool isHealthStatus(std::string_view value) {
  return value == "healthy" || value == "degraded" || value == "unhealthy" || value == "unknown";
}

Status requireKnownSchema(int database_version, int latest_version) {
  if (database_version <= latest_version) return {};
  return makeError(ErrorCategory::Invalid, "schema_too_new",
                   "database schema version " + std::to_string(database_version) +
                       " is newer than this binary supports (" + std::to_string(latest_version) +
                       "); upgrade mensajero");
}

}  // namespace mensajero::storage::common
