#pragma once

#include <string>
#include <vector>

#include "channels/provider_registry.h"
#include "storage/records.h"

namespace mensajero::core {

// What an operator must fix for the channel instance to work fully, as sentences without
// secrets or PHI; empty when nothing. Today: an instance without its webhook secret, whose
// webhooks (statuses, replies) can never be verified and are all refused with 401.
std::vector<std::string> channelWarnings(const channels::ProviderRegistry& providers,
                                         const storage::ChannelInstanceRecord& channel);

// False when webhooks from the provider for this instance cannot be verified.
bool webhooksVerifiable(const channels::ProviderRegistry& providers,
                        const storage::ChannelInstanceRecord& channel);

}  // namespace mensajero::core
