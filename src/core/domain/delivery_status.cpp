#include "core/domain/delivery_status.h"

#include "core/domain/enum_text.h"

namespace mensajero::domain {
namespace {

constexpr detail::TextTable<DeliveryStatus, 6> kTexts = {{
    {DeliveryStatus::Pending, "pending"},
    {DeliveryStatus::Sent, "sent"},
    {DeliveryStatus::Delivered, "delivered"},
    {DeliveryStatus::Read, "read"},
    {DeliveryStatus::Failed, "failed"},
    {DeliveryStatus::Rejected, "rejected"},
}};

}  // namespace

std::string_view toText(DeliveryStatus status) { return detail::textOf(kTexts, status); }

std::optional<DeliveryStatus> parseDeliveryStatus(std::string_view text) {
  return detail::valueOf(kTexts, text);
}

}  // namespace mensajero::domain
