#include "channels/inbound_reply.h"

#include <string>

namespace mensajero::channels {
namespace {

// True when `text` lost anything. The JSON and form parsers have already refused invalid
// UTF-8, so stepping back over continuation bytes keeps the cut text valid.
bool bound(std::string& text, std::size_t max_bytes) {
  const std::size_t before = text.size();
  std::erase(text, '\0');
  if (text.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    text.resize(cut);
  }
  return text.size() != before;
}

}  // namespace

bool boundInboundReply(InboundReply& reply) {
  bool cut = bound(reply.source, kMaxReplyIdBytes);
  cut |= bound(reply.id, kMaxReplyIdBytes);
  cut |= bound(reply.title, kMaxReplyTitleBytes);
  cut |= bound(reply.description, kMaxReplyDescriptionBytes);
  cut |= bound(reply.context_id, kMaxReplyContextIdBytes);
  return cut;
}

}  // namespace mensajero::channels
