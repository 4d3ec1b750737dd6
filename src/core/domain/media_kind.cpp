#include "core/domain/media_kind.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<MediaKind, 5> kTexts = {{
    {MediaKind::Image, "image"},
    {MediaKind::Document, "document"},
    {MediaKind::Audio, "audio"},
    {MediaKind::Video, "video"},
    {MediaKind::Sticker, "sticker"},
}};

constexpr detail::TextTable<MediaSource, 2> kSourceTexts = {{
    {MediaSource::Upload, "upload"},
    {MediaSource::Inbound, "inbound"},
}};

}  // namespace

std::string_view toText(MediaKind kind) { return detail::textOf(kTexts, kind); }

std::optional<MediaKind> parseMediaKind(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

std::string_view toText(MediaSource source) { return detail::textOf(kSourceTexts, source); }

std::optional<MediaSource> parseMediaSource(std::string_view text) {
  return detail::valueOf(kSourceTexts, text);
}

bool takesCaption(MediaKind kind) { return kind != MediaKind::Audio && kind != MediaKind::Sticker; }

}  // namespace mensajero::domain
