#include "channels/channel.h"

namespace mensajero::channels {
namespace {

Error notSupported() {
  return makeError(ErrorCategory::Permanent, "media_not_supported",
                   "this channel's provider does not take media files");
}

}  // namespace

Result<std::string> Channel::uploadMedia(const MediaFile&) { return notSupported(); }

Result<DownloadedMedia> Channel::downloadMedia(const std::string&, const std::string&,
                                               std::size_t) {
  return notSupported();
}

}  // namespace mensajero::channels
