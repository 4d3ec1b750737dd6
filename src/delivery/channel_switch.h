#pragma once

#include <string>

#include "common/result.h"
#include "delivery/breaker_board.h"
#include "storage/store.h"

namespace mensajero::delivery {

// An operator's switch of a channel instance. Enable: back to 'connected' with a fresh
// breaker (the answer to an emergency shutdown); disable: 'inactive', so new sends are refused
// and its queued messages stay untried until it is enabled. Returns the instance as stored
// afterwards. Errors: NotFound when the instance does not exist or is another organization's;
// the store's when it cannot be read or written; Internal when it cannot be read back.
Result<storage::ChannelInstanceRecord> switchChannel(storage::Store& store, BreakerBoard& breakers,
                                                     const std::string& organization_id,
                                                     const std::string& channel_instance_id,
                                                     bool enable);

}  // namespace mensajero::delivery
