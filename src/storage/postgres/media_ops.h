#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "storage/media_records.h"
#include "storage/postgres/pg_connection.h"

// Stored media files (table `media`), as the Store methods of the same names describe them.
// Each write runs in the caller's transaction.
namespace mensajero::storage::postgres {

Result<MediaSaved> saveUploadedMedia(PgConnection& db, const NewMediaRecord& media);
Status recordInboundMedia(PgConnection& db, const std::vector<NewMediaRecord>& media);
Result<std::optional<MediaRecord>> findMedia(PgConnection& db, std::string_view organization_id,
                                             std::string_view media_id, bool with_bytes);
Status setProviderMediaId(PgConnection& db, std::string_view organization_id,
                          std::string_view media_id, std::string_view provider,
                          std::string_view provider_media_id);
Status cacheMediaBytes(PgConnection& db, std::string_view organization_id,
                       std::string_view media_id, std::string_view mime_type,
                       std::string_view bytes);
// At most `limit` rows per call (the store repeats it until none is left).
Result<int> purgeMediaBytesBefore(PgConnection& db, UnixMillis cutoff, int limit);

}  // namespace mensajero::storage::postgres
