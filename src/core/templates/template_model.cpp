#include "core/templates/template_model.h"

#include "core/domain/enum_text.h"

namespace mensajero::core::templates {
namespace {

namespace detail = domain::detail;

constexpr detail::TextTable<ParameterFormat, 2> kFormats = {{
    {ParameterFormat::Positional, "positional"},
    {ParameterFormat::Named, "named"},
}};

constexpr detail::TextTable<HeaderFormat, 5> kHeaders = {{
    {HeaderFormat::None, "none"},
    {HeaderFormat::Text, "text"},
    {HeaderFormat::Image, "image"},
    {HeaderFormat::Video, "video"},
    {HeaderFormat::Document, "document"},
}};

constexpr detail::TextTable<ButtonType, 3> kButtons = {{
    {ButtonType::QuickReply, "quick_reply"},
    {ButtonType::Url, "url"},
    {ButtonType::PhoneNumber, "phone_number"},
}};

}  // namespace

std::string_view toText(ParameterFormat format) { return detail::textOf(kFormats, format); }
std::optional<ParameterFormat> parseParameterFormat(std::string_view text) {
  return detail::valueOf(kFormats, text);
}

std::string_view toText(HeaderFormat format) { return detail::textOf(kHeaders, format); }
std::optional<HeaderFormat> parseHeaderFormat(std::string_view text) {
  return detail::valueOf(kHeaders, text);
}

std::string_view toText(ButtonType type) { return detail::textOf(kButtons, type); }
std::optional<ButtonType> parseButtonType(std::string_view text) {
  return detail::valueOf(kButtons, text);
}

}  // namespace mensajero::core::templates
