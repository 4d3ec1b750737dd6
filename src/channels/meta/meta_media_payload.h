#pragma once

#include <string>

#include "channels/channel.h"
#include "common/result.h"

namespace mensajero::channels::meta {

// The Graph API body of a media message (provider reference §1.2): type = the kind and an
// object named after it holding {"link"} or {"id"}, with "caption" and "filename" when given.
// Reads message.metadata's "media" ({kind, link | providerMediaId, caption?, filename?}, see
// core/message_content/media_content.h; providerMediaId is added at send time by
// delivery/media_upload). Invalid "invalid_media_metadata" when that is missing or has
// neither a link nor Meta's media id. `to` is the recipient as Meta takes it.
Result<std::string> mediaPayload(const OutboundSend& message, std::string to);

}  // namespace mensajero::channels::meta
