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

}  // namespace

std::string_view toText(MediaKind kind) { return detail::textOf(kTexts, kind); }

std::optional<MediaKind> parseMediaKind(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

bool takesCaption(MediaKind kind) { return kind != MediaKind::Audio && kind != MediaKind::Sticker; }

}  // namespace mensajero::domain
