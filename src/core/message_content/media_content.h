#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "core/domain/media_kind.h"
#include "storage/store.h"

namespace mensajero::core {

// A media message's content as the API gave it (api/dto/media_content_dto.h normalised it).
// Exactly one of link and media_id is set.
struct MediaContent {
  domain::MediaKind kind = domain::MediaKind::Image;
  std::string link;      // https URL Meta fetches
  std::string media_id;  // one of the organization's uploaded media (POST /api/v2/media)
  std::optional<std::string> caption;
  std::optional<std::string> filename;  // documents only
};

// Bounds of a media message's content (Meta's, providers.md §1.2, where it states them).
inline constexpr std::size_t kMaxMediaCaptionLength = 1024;  // characters
inline constexpr std::size_t kMaxMediaLinkLength = 2048;     // bytes; Meta states none
inline constexpr std::size_t kMaxMediaFilenameLength = 240;  // characters; Meta states none

// Parses and checks message.content of a media message. Invalid (422) with one code per rule:
// invalid_media_kind, media_source_required (neither link nor mediaId), media_source_conflict
// (both), invalid_media_link (not https, or not a plain URL), media_link_too_long,
// media_caption_not_allowed (audio, sticker), media_caption_too_long, invalid_media_caption,
// media_filename_not_allowed (not a document), invalid_media_filename, invalid_media_id.
Result<MediaContent> parseMediaContent(std::string_view content_json);

// What an accepted media message stores: `text` (the caption, or empty) as its content, so the
// conversation view and an SMS fallback show what the patient saw, and `metadata` under
// metadata.media: {kind, link | mediaId, caption?, filename?, mimeType?}.
struct MediaMessage {
  std::string text;
  nlohmann::json metadata;
};

// parseMediaContent, then, for a mediaId, the organization's media row: NotFound
// "media_not_found" when it is not one of the organization's; Invalid "media_kind_mismatch"
// when it was uploaded as another kind.
Result<MediaMessage> prepareMediaMessage(storage::Store& store, const std::string& organization_id,
                                         std::string_view content_json);

}  // namespace mensajero::core
