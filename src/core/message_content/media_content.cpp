#include "core/message_content/media_content.h"

#include <utility>

#include <algorithm>
#include <cctype>

#include "core/utf8.h"

namespace mensajero::core {
namespace {

using nlohmann::json;

Error invalid(std::string code, std::string message) {
  return makeError(ErrorCategory::Invalid, std::move(code), std::move(message));
}

std::optional<std::string> member(const json& content, const char* name) {
  const auto it = content.find(name);
  if (it == content.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

bool hasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// An https URL with a host and nothing a URL may not hold raw (spaces, controls, quotes): Meta
// fetches it from the internet, and http would expose patient media on the way.
Status checkLink(std::string_view link) {
  if (link.size() > kMaxMediaLinkLength) {
    return invalid("media_link_too_long", "message.content.link exceeds " +
                                              std::to_string(kMaxMediaLinkLength) + " bytes");
  }
  constexpr std::string_view kScheme = "https://";
  const bool https = link.size() > kScheme.size() &&
                     std::equal(kScheme.begin(), kScheme.end(), link.begin(),
                                [](char a, char b) { return a == std::tolower(b); });
  const bool plain = std::none_of(link.begin(), link.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\';
  });
  if (!https || !plain || link[kScheme.size()] == '/') {
    return invalid("invalid_media_link",
                   "message.content.link must be an https URL with a host and no spaces");
  }
  return {};
}

Status checkCaption(const MediaContent& media) {
  if (!media.caption) return {};
  if (!domain::takesCaption(media.kind)) {
    return invalid("media_caption_not_allowed", "message.content.caption is not allowed for " +
                                                    std::string(domain::toText(media.kind)));
  }
  if (utf8Length(*media.caption) > kMaxMediaCaptionLength) {
    return invalid("media_caption_too_long", "message.content.caption exceeds " +
                                                 std::to_string(kMaxMediaCaptionLength) +
                                                 " characters");
  }
  if (media.caption->find('\0') != std::string::npos) {
    return invalid("invalid_media_caption", "message.content.caption must not contain NUL");
  }
  return {};
}

Status checkFilename(const MediaContent& media) {
  if (!media.filename) return {};
  if (media.kind != domain::MediaKind::Document) {
    return invalid("media_filename_not_allowed",
                   "message.content.filename is allowed for documents only");
  }
  const std::string& name = *media.filename;
  if (name.empty() || utf8Length(name) > kMaxMediaFilenameLength || hasControlCharacter(name) ||
      name.find_first_of("/\\") != std::string::npos) {
    return invalid("invalid_media_filename",
                   "message.content.filename must be 1-" + std::to_string(kMaxMediaFilenameLength) +
                       " characters with no path separators or control characters");
  }
  return {};
}

// Our media ids are UUIDs; anything else cannot name a row, and is refused before a lookup.
bool looksLikeMediaId(std::string_view id) {
  return id.size() == 36 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
                  c == '-';
         });
}

}  // namespace

Result<MediaContent> parseMediaContent(std::string_view content_json) {
  const json content = json::parse(content_json, nullptr, false);
  if (!content.is_object()) {
    return invalid("invalid_content", "message.content must be an object for a media message");
  }
  MediaContent media;
  const auto kind = member(content, "kind");
  const auto parsed_kind = kind ? domain::parseMediaKind(*kind) : std::nullopt;
  if (!parsed_kind) {
    return invalid("invalid_media_kind",
                   "message.content.kind must be image, document, audio, video or sticker");
  }
  media.kind = *parsed_kind;
  const auto link = member(content, "link");
  const auto media_id = member(content, "mediaId");
  if (!link && !media_id) {
    return invalid("media_source_required", "message.content needs a link or a mediaId");
  }
  if (link && media_id) {
    return invalid("media_source_conflict", "message.content takes a link or a mediaId, not both");
  }
  if (link) {
    if (auto valid = checkLink(*link); !valid) return valid.error();
    media.link = *link;
  } else {
    if (!looksLikeMediaId(*media_id)) {
      return invalid("invalid_media_id", "message.content.mediaId is not a media id");
    }
    media.media_id = *media_id;
  }
  media.caption = member(content, "caption");
  media.filename = member(content, "filename");
  if (auto valid = checkCaption(media); !valid) return valid.error();
  if (auto valid = checkFilename(media); !valid) return valid.error();
  return media;
}

Result<MediaMessage> prepareMediaMessage(storage::Store& store, const std::string& organization_id,
                                         std::string_view content_json) {
  auto media = parseMediaContent(content_json);
  if (!media) return media.error();
  MediaMessage message;
  message.text = media->caption.value_or("");
  message.metadata = {{"kind", std::string(domain::toText(media->kind))}};
  if (!media->link.empty()) message.metadata["link"] = media->link;
  if (media->caption) message.metadata["caption"] = *media->caption;
  if (media->filename) message.metadata["filename"] = *media->filename;
  if (media->media_id.empty()) return message;
  auto stored = store.findMedia(organization_id, media->media_id, /*with_bytes=*/false);
  if (!stored) return stored.error();
  // Another organization's id reads as no row: the answer does not tell them apart.
  if (!*stored) {
    return makeError(ErrorCategory::NotFound, "media_not_found",
                     "message.content.mediaId names no media of this organization");
  }
  const storage::MediaRecord& file = **stored;
  if (file.kind != media->kind) {
    return invalid("media_kind_mismatch", "message.content.mediaId was uploaded as " +
                                              std::string(domain::toText(file.kind)));
  }
  if (file.source != domain::MediaSource::Upload || !file.has_bytes) {
    return invalid("media_not_sendable",
                   "message.content.mediaId is not an upload whose bytes are still kept");
  }
  message.metadata["mediaId"] = file.id;
  message.metadata["mimeType"] = file.mime_type;
  if (!media->filename && file.filename && file.kind == domain::MediaKind::Document) {
    message.metadata["filename"] = *file.filename;
  }
  return message;
}

}  // namespace mensajero::core
