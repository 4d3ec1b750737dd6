// The Store contract for what a claim leaves alone (issue 8 items 7-9): messages of a disabled
// or shut-down channel instance, and those of instances the caller asks it to skip.
#include <map>
#include <string>
#include <vector>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

std::vector<std::string> idsOf(const std::vector<MessageRecord>& messages) {
  std::vector<std::string> ids;
  for (const MessageRecord& m : messages) ids.push_back(m.id);
  return ids;
}

class ClaimFilterTest : public StoreContractTest {
 protected:
  // A connected WhatsApp channel instance of a new organization.
  std::string makeChannel(const std::string& organization_name) {
    ChannelInstanceRecord channel;
    channel.organization_id = makeOrganization(organization_name).id;
    channel.created_at = channel.updated_at = at(0);
    const ChannelInstanceRecord stored = must(store().upsertChannelInstance(channel));
    organization_of_[stored.id] = stored.organization_id;
    return stored.id;
  }

  std::string acceptOn(const std::string& channel_id, int created_s,
                       const std::string& priority = "normal") {
    NewOutboundMessage request =
        outbound(organization_of_.at(channel_id), "+12015550101", at(created_s));
    request.channel_instance_id = channel_id;
    request.priority = domain::parsePriority(priority).value();
    return accept(request).message_id;
  }

  std::map<std::string, std::string> organization_of_;
};

TEST_P(ClaimFilterTest, MessagesOfADisabledChannelStayQueuedUntriedUntilItIsEnabled) {
  const std::string channel = makeChannel("Clinic");
  const std::string id = acceptOn(channel, 1);
  for (const char* stopped : {"inactive", "error"}) {
    must(store().setChannelStatus(channel, stopped, std::nullopt));
    EXPECT_TRUE(must(store().claimDueOutbound(at(10), 10, "worker", at(40))).empty()) << stopped;
    EXPECT_EQ(message(id).attempts, 0) << stopped;
  }
  must(store().setChannelStatus(channel, "connected", std::nullopt));
  const auto claimed = must(store().claimDueOutbound(at(10), 10, "worker", at(40)));
  EXPECT_EQ(idsOf(claimed), std::vector<std::string>{id});
}

TEST_P(ClaimFilterTest, ADisabledChannelDoesNotHoldBackAnotherOrganizationsMessages) {
  const std::string disabled = makeChannel("Clinic");
  const std::string enabled = makeChannel("Hospital");
  acceptOn(disabled, 1, "high");
  const std::string other = acceptOn(enabled, 2, "low");
  must(store().setChannelStatus(disabled, "inactive", std::nullopt));
  EXPECT_EQ(idsOf(must(store().claimDueOutbound(at(10), 1, "worker", at(40)))),
            std::vector<std::string>{other});
}

TEST_P(ClaimFilterTest, SkippedChannelInstancesAreLeftAloneAndTheRestKeepPriorityOrder) {
  const std::string throttled = makeChannel("Clinic");
  const std::string free = makeChannel("Hospital");
  acceptOn(throttled, 1, "high");
  const std::string low = acceptOn(free, 2, "low");
  const std::string high = acceptOn(free, 3, "high");
  const auto claimed = must(store().claimDueOutbound(at(10), 10, "worker", at(40), {throttled}));
  EXPECT_EQ(idsOf(claimed), (std::vector<std::string>{high, low}));
  // Not an id of any channel instance: skips nothing.
  EXPECT_EQ(must(store().claimDueOutbound(at(10), 10, "worker", at(40), {"not-a-channel"})).size(),
            1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, ClaimFilterTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mensajero::storage::contract
