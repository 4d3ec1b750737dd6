#pragma once

#include <optional>
#include <string_view>

#include "common/time_format.h"
#include "storage/records.h"

namespace mensajero::storage::common {

// How a new outbound message's row starts. One accepted with a lease (an immediate send that
// its own request attempts at once) is claimed from the start: the lease's owner and end, and
// that claim counted as its first attempt. Otherwise none of the three. The same on both
// stores and in the PostgreSQL batch.
struct InitialLease {
  int attempts = 0;
  std::string_view owner;  // empty: no lease; a view of the message's own lease_owner
  std::optional<UnixMillis> until;
};

InitialLease initialLease(const NewOutboundMessage& message);

}  // namespace mensajero::storage::common
