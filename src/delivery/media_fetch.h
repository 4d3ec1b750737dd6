#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"
#include "delivery/channel_registry.h"
#include "storage/store.h"

namespace mensajero::delivery {

struct MediaContent {
  std::string mime_type;
  std::string bytes;
};

// The bytes of one of the organization's media files (GET /api/v2/media/{id}): an upload's
// from the database; an inbound file's from the database once fetched, else downloaded from
// its provider through the channel instance that received it (media.provider), checked
// against the provider's SHA-256, and cached in the row. Errors: NotFound "not_found" (no
// such media in this organization: another organization's id reads the same); Permanent
// "media_expired" (the bytes were purged, media.retention_days, and cannot be fetched again);
// the download's errors as the channel classified them. `channels` may be null (no downloads).
Result<MediaContent> fetchMediaContent(storage::Store& store, ChannelRegistry* channels,
                                       std::string_view organization_id, std::string_view media_id,
                                       std::size_t max_bytes);

}  // namespace mensajero::delivery
