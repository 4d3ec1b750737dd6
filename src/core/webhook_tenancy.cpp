#include "core/webhook_tenancy.h"

#include <algorithm>

namespace mensajero::core {

Result<ChannelNumbers> loadChannelNumbers(storage::Store& store,
                                          const channels::ProviderRegistry& providers,
                                          std::string_view organization_id) {
  auto channels = store.listChannelInstances(organization_id);
  if (!channels) return channels.error();
  ChannelNumbers numbers;
  for (const auto& channel : *channels) {
    auto identity = providers.webhookIdentity(channel.provider, channel.provider_config);
    if (!identity) continue;
    if (!identity->account_id.empty()) numbers.account_ids.insert(identity->account_id);
    if (identity->number_id.empty()) continue;
    numbers.instance_by_phone_number_id.emplace(identity->number_id, channel.id);
  }
  return numbers;
}

RefusedEvents keepOrganizationEvents(storage::WebhookWork& work, const ChannelNumbers& numbers) {
  RefusedEvents refused;
  refused.statuses = static_cast<int>(std::erase_if(
      work.statuses, [&](const auto& event) { return !numbers.contains(event.phone_number_id); }));
  refused.inbound = static_cast<int>(std::erase_if(
      work.inbound, [&](const auto& event) { return !numbers.contains(event.phone_number_id); }));
  if (!numbers.account_ids.empty()) {
    refused.templates = static_cast<int>(std::erase_if(work.templates, [&](const auto& event) {
      return !numbers.account_ids.contains(event.account_id);
    }));
  }
  for (auto& event : work.inbound) {
    event.channel_instance_id =
        numbers.instance_by_phone_number_id.find(event.phone_number_id)->second;
  }
  return refused;
}

}  // namespace mensajero::core
