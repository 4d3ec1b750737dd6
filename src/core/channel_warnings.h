#pragma once

#include <string>
#include <vector>

#include "storage/records.h"

namespace mensajero::core {

// What an operator must fix for the channel instance to work fully, as sentences without
// secrets or PHI; empty when nothing. Today: an instance without its webhook secret (Meta's
// app_secret), whose webhooks (statuses, replies) can never be verified and are all refused
// with 401.
std::vector<std::string> channelWarnings(const storage::ChannelInstanceRecord& channel);

// False when webhooks from the provider for this instance cannot be verified.
bool webhooksVerifiable(const storage::ChannelInstanceRecord& channel);

}  // namespace mensajero::core
