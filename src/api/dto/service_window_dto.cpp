#include "api/dto/service_window_dto.h"

#include "core/service_window.h"

namespace mensajero::api::dto {
namespace {

nlohmann::json optionalTime(const std::optional<UnixMillis>& at) {
  return at ? nlohmann::json(formatIso8601(*at)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json serviceWindowJson(const storage::ConversationRecord& conversation, UnixMillis now) {
  if (!core::channelHasServiceWindow(domain::toText(conversation.channel_type))) return nullptr;
  const core::ServiceWindow window = core::serviceWindowAt(conversation.last_inbound_at, now);
  return {{"open", window.open},
          {"expiresAt", optionalTime(window.expires_at)},
          {"lastInboundAt", optionalTime(window.last_inbound_at)}};
}

}  // namespace mensajero::api::dto
