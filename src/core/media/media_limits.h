#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"
#include "core/domain/media_kind.h"

namespace mensajero::core {

// What a file may be sent to WhatsApp as: its kind follows from its MIME type, and each kind
// has Meta's size limit. Meta's published limits, from memory where the provider reference
// (§1.2) does not list them (it states documents up to 100 MB only):
//   image    image/jpeg, image/png                                     5 MB
//   audio    audio/aac, audio/amr, audio/mpeg, audio/mp4, audio/ogg   16 MB
//   video    video/mp4, video/3gpp                                    16 MB
//   document text/plain, application/pdf, Word, Excel, PowerPoint   100 MB
//   sticker  image/webp                     100 KB static, 500 KB animated
struct MediaType {
  domain::MediaKind kind = domain::MediaKind::Image;
  std::string mime_type;  // lower case, without parameters
};

// The MIME type of a Content-Type header value ("Image/JPEG; q=1" -> "image/jpeg") and its kind.
// Invalid "unsupported_media_type" for a type WhatsApp does not take.
Result<MediaType> mediaTypeOf(std::string_view content_type);

// Invalid "empty_media" for no bytes; Invalid "media_too_large" beyond the kind's limit (a
// sticker's by whether the WebP is animated).
Status checkMediaSize(const MediaType& type, std::string_view bytes);

// True when `bytes` is an animated WebP (its VP8X header has the animation flag).
bool isAnimatedWebp(std::string_view bytes);

}  // namespace mensajero::core
