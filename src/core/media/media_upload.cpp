#include "core/media/media_upload.h"

#include <algorithm>
#include <cstdint>

#include "core/media/media_limits.h"
#include "core/message_content/media_content.h"
#include "core/utf8.h"
#include "security/crypto.h"

namespace mensajero::core {
namespace {

// Well-formed UTF-8 (no overlong forms or surrogates): the filename comes from a
// percent-decoded query parameter, not from the JSON parser that checks the rest.
bool isValidUtf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const std::size_t length = byte < 0x80           ? 1
                               : (byte >> 5) == 0x6  ? 2
                               : (byte >> 4) == 0xE  ? 3
                               : (byte >> 3) == 0x1E ? 4
                                                     : 0;
    if (length == 0 || i + length > text.size()) return false;
    std::uint32_t code = length == 1 ? byte : byte & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    constexpr std::uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return false;
    }
    i += length;
  }
  return true;
}

Status checkFilename(const std::optional<std::string>& filename) {
  if (!filename) return {};
  const bool control = std::any_of(filename->begin(), filename->end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '/' || c == '\\';
  });
  if (filename->empty() || control || !isValidUtf8(*filename) ||
      utf8Length(*filename) > kMaxMediaFilenameLength) {
    return makeError(ErrorCategory::Invalid, "invalid_media_filename",
                     "filename must be 1-" + std::to_string(kMaxMediaFilenameLength) +
                         " characters of UTF-8 with no path separators or control characters");
  }
  return {};
}

}  // namespace

Result<MediaUploaded> acceptMediaUpload(storage::Store& store, const resilience::Clock& clock,
                                        const MediaUpload& upload) {
  auto type = mediaTypeOf(upload.content_type);
  if (!type) return type.error();
  if (auto sized = checkMediaSize(*type, upload.bytes); !sized) return sized.error();
  if (auto named = checkFilename(upload.filename); !named) return named.error();

  storage::NewMediaRecord record;
  record.organization_id = upload.organization_id;
  record.kind = type->kind;
  record.source = domain::MediaSource::Upload;
  record.mime_type = type->mime_type;
  record.size_bytes = static_cast<std::int64_t>(upload.bytes.size());
  record.sha256 = security::sha256Hex(upload.bytes);
  record.filename = upload.filename;
  record.bytes = std::string(upload.bytes);
  record.created_at = clock.now();
  auto saved = store.saveUploadedMedia(record);
  if (!saved) return saved.error();
  return MediaUploaded{saved->id,        saved->created,    record.kind,
                       record.mime_type, record.size_bytes, record.sha256};
}

}  // namespace mensajero::core
