#include "core/media/media_limits.h"

#include <utility>

#include <array>
#include <cctype>

namespace mensajero::core {
namespace {

constexpr std::int64_t kMegabyte = 1000 * 1000;  // Meta states limits in MB

struct AllowedType {
  std::string_view mime_type;
  domain::MediaKind kind;
};

constexpr std::array<AllowedType, 17> kAllowed = {{
    {"image/jpeg", domain::MediaKind::Image},
    {"image/png", domain::MediaKind::Image},
    {"audio/aac", domain::MediaKind::Audio},
    {"audio/amr", domain::MediaKind::Audio},
    {"audio/mpeg", domain::MediaKind::Audio},
    {"audio/mp4", domain::MediaKind::Audio},
    {"audio/ogg", domain::MediaKind::Audio},
    {"video/mp4", domain::MediaKind::Video},
    {"video/3gpp", domain::MediaKind::Video},
    {"text/plain", domain::MediaKind::Document},
    {"application/pdf", domain::MediaKind::Document},
    {"application/msword", domain::MediaKind::Document},
    {"application/vnd.ms-excel", domain::MediaKind::Document},
    {"application/vnd.ms-powerpoint", domain::MediaKind::Document},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
     domain::MediaKind::Document},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
     domain::MediaKind::Document},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation",
     domain::MediaKind::Document},
}};

std::int64_t limitOf(domain::MediaKind kind, bool animated) {
  switch (kind) {
    case domain::MediaKind::Image:
      return 5 * kMegabyte;
    case domain::MediaKind::Audio:
    case domain::MediaKind::Video:
      return 16 * kMegabyte;
    case domain::MediaKind::Document:
      return 100 * kMegabyte;
    case domain::MediaKind::Sticker:
      return animated ? 500 * 1000 : 100 * 1000;
  }
  return 0;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

Result<MediaType> mediaTypeOf(std::string_view content_type) {
  std::string_view essence = trim(content_type.substr(0, content_type.find(';')));
  std::string mime;
  if (essence.size() <= 128) {
    mime.reserve(essence.size());
    for (const char c : essence) {
      mime.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  // Stickers are WebP images; WhatsApp takes no other WebP.
  if (mime == "image/webp") return MediaType{domain::MediaKind::Sticker, std::move(mime)};
  for (const auto& allowed : kAllowed) {
    if (allowed.mime_type == mime) return MediaType{allowed.kind, std::move(mime)};
  }
  return makeError(ErrorCategory::Invalid, "unsupported_media_type",
                   "Content-Type must be a MIME type WhatsApp accepts (JPEG, PNG, WebP, AAC, "
                   "AMR, MP3, MP4, OGG, 3GPP, text, PDF or Office)");
}

bool isAnimatedWebp(std::string_view bytes) {
  // RIFF....WEBPVP8X, then the flags byte; bit 1 is "animation".
  return bytes.size() > 20 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP" &&
         bytes.substr(12, 4) == "VP8X" && (static_cast<unsigned char>(bytes[20]) & 0x02) != 0;
}

Status checkMediaSize(const MediaType& type, std::string_view bytes) {
  if (bytes.empty()) {
    return makeError(ErrorCategory::Invalid, "empty_media", "the upload has no bytes");
  }
  const bool animated = type.kind == domain::MediaKind::Sticker && isAnimatedWebp(bytes);
  const std::int64_t limit = limitOf(type.kind, animated);
  if (static_cast<std::int64_t>(bytes.size()) > limit) {
    return makeError(ErrorCategory::Invalid, "media_too_large",
                     std::string(domain::toText(type.kind)) +
                         " files of this type may be at most " + std::to_string(limit) + " bytes");
  }
  return {};
}

}  // namespace mensajero::core
