#pragma once

#include <string_view>

#include "core/domain/channel_type.h"
#include "core/domain/delivery_status.h"
#include "core/domain/direction.h"
#include "core/domain/priority.h"

// The domain's enums as both stores read them from their text columns, through the domain's
// one text table each (writing uses domain::toText). The schema's CHECK constraints and the
// validation before every write keep other text out; should a row hold some anyway (edited by
// hand), it reads as the value named below, chosen so that nothing is sent because of it.
namespace mensajero::storage::common {

domain::DeliveryStatus deliveryStatusColumn(std::string_view text);  // else Failed
domain::Priority priorityColumn(std::string_view text);              // else Normal
domain::ChannelType channelTypeColumn(std::string_view text);        // else Email
domain::Direction directionColumn(std::string_view text);            // else Inbound

}  // namespace mensajero::storage::common
