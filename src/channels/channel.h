#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/result.h"

namespace mensajero::channels {

// One message to hand to a provider.
struct OutboundSend {
  std::string message_id;  // ours; echoed back by providers that support it
  std::string recipient;   // E.164 with "+", or a WhatsApp id as given
  std::string message_type = "text";
  std::string content;
  // The message's stored metadata (JSON object text): what a structured type needs beyond
  // `content`, each under its own key ("template", "media", "interactive"), written by
  // core::SendService when the message was accepted.
  std::string metadata = "{}";
};

struct SendAccepted {
  std::string external_id;  // the provider's message id
};

// A provider's sending side for one channel instance.
// send(): errors carry the provider's classification in their category: Retryable (try
// again later), Fallback (another channel may deliver), Permanent or Invalid (never), and
// code "<provider>_<provider code>" (e.g. "meta_131026") or a transport code ("timeout").
// Thread-safe.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual Result<SendAccepted> send(const OutboundSend& message) = 0;
  // A cheap authenticated read against the provider (Meta: the business profile).
  virtual Status checkHealth() = 0;
};

using ChannelPtr = std::unique_ptr<Channel>;

}  // namespace mensajero::channels
