#include "storage/common/column_enums.h"

namespace mensajero::storage::common {

domain::DeliveryStatus deliveryStatusColumn(std::string_view text) {
  return domain::parseDeliveryStatus(text).value_or(domain::DeliveryStatus::Failed);
}

domain::Priority priorityColumn(std::string_view text) {
  return domain::parsePriority(text).value_or(domain::Priority::Normal);
}

domain::ChannelType channelTypeColumn(std::string_view text) {
  return domain::parseChannelType(text).value_or(domain::ChannelType::Email);
}

domain::Direction directionColumn(std::string_view text) {
  return domain::parseDirection(text).value_or(domain::Direction::Inbound);
}

}  // namespace mensajero::storage::common
