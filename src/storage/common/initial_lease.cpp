#include "storage/common/initial_lease.h"

namespace mensajero::storage::common {

InitialLease initialLease(const NewOutboundMessage& message) {
  if (message.lease_owner.empty() || !message.lease_until) return {};
  return {1, message.lease_owner, message.lease_until};
}

}  // namespace mensajero::storage::common
