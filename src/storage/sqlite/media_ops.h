#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/media_records.h"
#include "storage/sqlite/connection.h"

// Stored media files (table `media`), as the Store methods of the same names describe them.
// Writes run inside the writer's transaction; findMedia on a read connection.
namespace mensajero::storage::sqlite {

Result<MediaSaved> saveUploadedMedia(Connection& db, const NewMediaRecord& media);
Status recordInboundMedia(Connection& db, const std::vector<NewMediaRecord>& media);
Result<std::optional<MediaRecord>> findMedia(Connection& db, std::string_view organization_id,
                                             std::string_view media_id, bool with_bytes);
Status setProviderMediaId(Connection& db, std::string_view organization_id,
                          std::string_view media_id, std::string_view provider,
                          std::string_view provider_media_id);
Status cacheMediaBytes(Connection& db, std::string_view organization_id, std::string_view media_id,
                       std::string_view mime_type, std::string_view bytes);
Result<int> purgeMediaBytesBefore(Connection& db, UnixMillis cutoff);

}  // namespace mensajero::storage::sqlite
