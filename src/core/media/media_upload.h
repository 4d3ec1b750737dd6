#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::core {

// A file a client uploaded (POST /api/v2/media), as the API received it.
struct MediaUpload {
  std::string organization_id;
  std::string content_type;  // the request's Content-Type header
  std::optional<std::string> filename;
  std::string_view bytes;  // borrowed from the request body
};

struct MediaUploaded {
  std::string id;
  bool created = false;  // false: the organization had uploaded the same bytes before
  domain::MediaKind kind = domain::MediaKind::Image;
  std::string mime_type;
  std::int64_t size_bytes = 0;
  std::string sha256;
};

// Checks the upload against WhatsApp's types and limits (core/media/media_limits.h) and the
// filename (Invalid "invalid_media_filename": 1-240 characters, no path separators or control
// characters), then stores it once per organization (dedup on SHA-256). Store errors as the
// store reports them. The bytes and the filename are patient data: never logged.
Result<MediaUploaded> acceptMediaUpload(storage::Store& store, const resilience::Clock& clock,
                                        const MediaUpload& upload);

}  // namespace mensajero::core
