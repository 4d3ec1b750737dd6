#include "core/domain/channel_type.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<ChannelType, 4> kTexts = {{
    {ChannelType::WhatsApp, "whatsapp"},
    {ChannelType::Sms, "sms"},
    {ChannelType::Voice, "voice"},
    {ChannelType::Email, "email"},
}};

}  // namespace

std::string_view toText(ChannelType type) { return detail::textOf(kTexts, type); }

std::optional<ChannelType> parseChannelType(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

}  // namespace mensajero::domain
