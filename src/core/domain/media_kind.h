#pragma once

#include <optional>
#include <string_view>

// What a media message carries; the text is Meta's message `type` for it as well.
namespace mensajero::domain {

enum class MediaKind { Image, Document, Audio, Video, Sticker };

// "image", "document", "audio", "video", "sticker".
std::string_view toText(MediaKind kind);
// nullopt for any other text.
std::optional<MediaKind> parseMediaKind(std::string_view text);
// Meta shows a caption under images, videos and documents only.
bool takesCaption(MediaKind kind);

// Where a stored media file came from: a client's upload (POST /api/v2/media) or a patient's
// inbound message (downloaded from the provider on demand).
enum class MediaSource { Upload, Inbound };

// "upload", "inbound".
std::string_view toText(MediaSource source);
std::optional<MediaSource> parseMediaSource(std::string_view text);

}  // namespace mensajero::domain
