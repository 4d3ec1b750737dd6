#pragma once

#include <cstddef>

#include "channels/inbound_content.h"

namespace mensajero::channels {

// Bounds of a reply, in bytes: Meta's ids are at most 256 characters (a template's
// quick-reply payload is ours too) and its titles 24, so these leave room for any script
// while keeping a hostile webhook's strings short.
inline constexpr std::size_t kMaxReplyIdBytes = 1024;
inline constexpr std::size_t kMaxReplyTitleBytes = 256;
inline constexpr std::size_t kMaxReplyDescriptionBytes = 512;
inline constexpr std::size_t kMaxReplyContextIdBytes = 256;

// Cuts every field of `reply` to its bound above, at a UTF-8 boundary, and removes NULs.
// Returns true when anything was cut (the content's `trimmed`).
bool boundInboundReply(InboundReply& reply);

}  // namespace mensajero::channels
