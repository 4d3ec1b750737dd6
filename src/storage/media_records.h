#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/time_format.h"
#include "core/domain/media_kind.h"

// Records of stored media files (table `media`, schema v10). The bytes are patient data,
// protected as message content: they live in the database only and are never logged.
namespace mensajero::storage {

struct NewMediaRecord {
  // Inbound media carry the id the gateway derived for them (core/media/inbound_media_id.h);
  // uploads leave it empty and the store generates one.
  std::optional<std::string> id;
  std::string organization_id;
  domain::MediaKind kind = domain::MediaKind::Image;
  domain::MediaSource source = domain::MediaSource::Upload;
  std::string mime_type;
  std::int64_t size_bytes = 0;  // 0 for inbound media not downloaded yet
  std::string sha256;           // uploads: hex of the bytes; inbound: as the provider gave it
  std::optional<std::string> filename;
  std::optional<std::string> bytes;             // uploads: the file; inbound: none until downloaded
  std::optional<std::string> provider;          // inbound: the registered provider that holds it
  std::optional<std::string> inbound_media_id;  // inbound: the provider's id of the file
  UnixMillis created_at = 0;
};

struct MediaRecord {
  std::string id;
  std::string organization_id;
  domain::MediaKind kind = domain::MediaKind::Image;
  domain::MediaSource source = domain::MediaSource::Upload;
  std::string mime_type;
  std::int64_t size_bytes = 0;
  std::string sha256;
  std::optional<std::string> filename;
  bool has_bytes = false;
  std::optional<std::string> bytes;  // only when asked for and present
  // Uploads: the channel instance whose provider gave provider_media_id (the id a send by
  // mediaId uses). Inbound: the provider that holds inbound_media_id.
  std::optional<std::string> provider;
  std::optional<std::string> provider_media_id;
  std::optional<std::string> inbound_media_id;
  UnixMillis created_at = 0;
};

// What saveUploadedMedia did: the row's id, and whether this call created it (false: the
// organization had uploaded the same bytes before, and `id` is that upload's).
struct MediaSaved {
  std::string id;
  bool created = false;
};

}  // namespace mensajero::storage
