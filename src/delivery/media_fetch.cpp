#include "delivery/media_fetch.h"

#include <utility>

#include <spdlog/spdlog.h>

namespace mensajero::delivery {
namespace {

Error expired() {
  return makeError(ErrorCategory::Permanent, "media_expired",
                   "the media's bytes are no longer kept and cannot be fetched again");
}

Result<MediaContent> download(storage::Store& store, ChannelRegistry& channels,
                              const storage::MediaRecord& media, std::size_t max_bytes) {
  if (!media.provider || !media.inbound_media_id) return expired();
  auto channel = channels.get(*media.provider);
  if (!channel) return expired();
  auto fetched = (*channel)->downloadMedia(*media.inbound_media_id, media.sha256, max_bytes);
  if (!fetched) {
    // Ids only: the file and its name are patient data.
    spdlog::warn("media {}: download from the provider failed: {}", media.id, fetched.error().code);
    return fetched.error();
  }
  std::string mime_type = fetched->mime_type.empty() ? media.mime_type : fetched->mime_type;
  if (auto cached =
          store.cacheMediaBytes(media.organization_id, media.id, mime_type, fetched->bytes);
      !cached) {
    // Served anyway; the next request downloads it again.
    spdlog::warn("media {}: caching the download failed: {}", media.id, cached.error().code);
  }
  return MediaContent{std::move(mime_type), std::move(fetched->bytes)};
}

}  // namespace

Result<MediaContent> fetchMediaContent(storage::Store& store, ChannelRegistry* channels,
                                       std::string_view organization_id, std::string_view media_id,
                                       std::size_t max_bytes) {
  auto media = store.findMedia(organization_id, media_id, /*with_bytes=*/true);
  if (!media) return media.error();
  if (!*media) return makeError(ErrorCategory::NotFound, "not_found", "media not found");
  if ((*media)->bytes) {
    return MediaContent{std::move((*media)->mime_type), std::move(*(*media)->bytes)};
  }
  if ((*media)->source != domain::MediaSource::Inbound || channels == nullptr) return expired();
  return download(store, *channels, **media, max_bytes);
}

}  // namespace mensajero::delivery
