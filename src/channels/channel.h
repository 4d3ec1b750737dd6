#pragma once

#include <cstddef>
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

// A stored file to hand to a provider (an upload sent by mediaId).
struct MediaFile {
  std::string kind;  // image, document, audio, video, sticker
  std::string mime_type;
  std::string filename;  // may be empty
  std::string bytes;
};

// A file fetched from a provider (inbound media).
struct DownloadedMedia {
  std::string mime_type;
  std::string bytes;
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

  // Media (issue 11). uploadMedia: hands the provider a file and returns its id for it, to
  // send by. downloadMedia: fetches the file the provider names `provider_media_id` (at most
  // max_bytes; verified against `sha256` when given: Base64 or hex of the SHA-256). Errors
  // are classified as send()'s are. Default: Permanent "media_not_supported".
  virtual Result<std::string> uploadMedia(const MediaFile& file);
  virtual Result<DownloadedMedia> downloadMedia(const std::string& provider_media_id,
                                                const std::string& sha256, std::size_t max_bytes);
};

using ChannelPtr = std::unique_ptr<Channel>;

}  // namespace mensajero::channels
