#include "delivery/channel_switch.h"

#include <optional>

namespace mensajero::delivery {

Result<storage::ChannelInstanceRecord> switchChannel(storage::Store& store, BreakerBoard& breakers,
                                                     const std::string& organization_id,
                                                     const std::string& channel_instance_id,
                                                     bool enable) {
  const std::string& id = channel_instance_id;
  auto channel = store.findChannelInstance(id);
  if (!channel) return channel.error();
  if (!*channel || (*channel)->organization_id != organization_id) {
    return makeError(ErrorCategory::NotFound, "not_found", "channel instance not found");
  }
  const Status updated =
      store.setChannelStatus(id, enable ? "connected" : "inactive", std::nullopt);
  if (!updated) return updated.error();
  if (enable) breakers.reset(id);
  auto reread = store.findChannelInstance(id);
  if (!reread || !*reread) {
    return makeError(ErrorCategory::Internal, "internal_error", "re-read failed");
  }
  return std::move(**reread);
}

}  // namespace mensajero::delivery
