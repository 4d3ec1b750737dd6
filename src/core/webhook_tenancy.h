#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>

#include "channels/provider_registry.h"
#include "common/result.h"
#include "storage/records.h"
#include "storage/store.h"

namespace mensajero::core {

// The provider numbers of one organization's channel instances (e.g. a WhatsApp number id) ->
// channel instance id. A webhook posted to an organization's URL and signed with its secret
// may still name any number (one provider app may serve several businesses, and a clinic holds
// its own secret), so only events about these numbers are the organization's to apply.
struct ChannelNumbers {
  std::map<std::string, std::string, std::less<>> instance_by_phone_number_id;
  // The provider business accounts its instances name (Meta's WABA ids), where configured.
  std::set<std::string, std::less<>> account_ids;

  bool contains(std::string_view phone_number_id) const {
    return instance_by_phone_number_id.contains(phone_number_id);
  }
};

// Reads the organization's channel instances (any status: a disabled number's statuses are
// still its own). Instances whose provider_config does not parse, or whose provider is not in
// `providers`, contribute no number. Errors: the store's.
Result<ChannelNumbers> loadChannelNumbers(storage::Store& store,
                                          const channels::ProviderRegistry& providers,
                                          std::string_view organization_id);

struct RefusedEvents {
  int statuses = 0;
  int inbound = 0;
  int templates = 0;
  int total() const { return statuses + inbound + templates; }
};

// Drops from `work` every event whose phone_number_id is not one of `numbers` (an event without
// one is dropped too: fail closed), and files each kept inbound event under the channel
// instance of its number. Template events name an account, not a number: when the organization
// has configured account ids, one naming another account is dropped; when it has none, they are
// kept (they can only match the organization's own templates, by the provider's template id).
// Returns what was dropped.
RefusedEvents keepOrganizationEvents(storage::WebhookWork& work, const ChannelNumbers& numbers);

}  // namespace mensajero::core
