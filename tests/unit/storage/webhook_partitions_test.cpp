#include "storage/common/webhook_partitions.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mensajero::storage::common {
namespace {

WebhookWork inboundFrom(const std::string& sender, int n) {
  WebhookWork work;
  work.webhook_log_id = sender + "/" + std::to_string(n);
  InboundEvent event;
  event.organization_id = "org";
  event.channel_identifier = sender;
  event.external_id = work.webhook_log_id;
  work.inbound.push_back(event);
  return work;
}

WebhookWork statusOf(const std::string& message, int n) {
  WebhookWork work;
  work.webhook_log_id = message + "#" + std::to_string(n);
  StatusEvent event;
  event.organization_id = "org";
  event.external_id = message;
  work.statuses.push_back(event);
  return work;
}

TEST(WebhookPartitionsTest, EachConversationAndEachMessageStaysInOnePartInOrder) {
  std::vector<WebhookWork> batch;
  for (int n = 0; n < 5; ++n) {
    for (const char* sender : {"whatsapp:1", "whatsapp:2", "whatsapp:3", "whatsapp:4"}) {
      batch.push_back(inboundFrom(sender, n));
    }
    for (const char* message : {"wamid.A", "wamid.B", "wamid.C"}) {
      batch.push_back(statusOf(message, n));
    }
  }
  const auto parts = partitionWebhookWork(batch, 3);
  ASSERT_LE(parts.size(), 3u);
  ASSERT_GE(parts.size(), 2u) << "seven keys over three parts use more than one";
  std::map<std::string, std::size_t> part_of_key;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    ASSERT_FALSE(parts[i].empty());
    std::map<std::string, int> last_n;
    for (const WebhookWork& work : parts[i]) {
      EXPECT_TRUE(seen.insert(work.webhook_log_id).second) << work.webhook_log_id;
      const bool inbound = !work.inbound.empty();
      const std::string key =
          inbound ? work.inbound[0].channel_identifier : work.statuses[0].external_id;
      const auto [it, first] = part_of_key.emplace(key, i);
      EXPECT_EQ(it->second, i) << key << " is in two parts";
      const int n =
          std::stoi(work.webhook_log_id.substr(work.webhook_log_id.find_first_of("/#") + 1));
      if (!first || last_n.contains(key)) {
        EXPECT_GT(n, last_n[key]) << key << " out of order";
      }
      last_n[key] = n;
    }
  }
  EXPECT_EQ(seen.size(), batch.size());
}

TEST(WebhookPartitionsTest, OnePartOrATinyBatchIsTheBatchItself) {
  const std::vector<WebhookWork> batch = {inboundFrom("whatsapp:1", 0),
                                          inboundFrom("whatsapp:2", 0)};
  const auto one = partitionWebhookWork(batch, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(one[0].size(), 2u);
  EXPECT_EQ(partitionWebhookWork({}, 4).size(), 1u);
}

TEST(WebhookPartitionsTest, CountsOfPartsAddUp) {
  WebhookApplyCounts total;
  WebhookApplyCounts part;
  part.statuses_applied = 2;
  part.inbound_inserted = 3;
  part.applied_statuses.resize(2);
  addCounts(total, part);
  addCounts(total, part);
  EXPECT_EQ(total.statuses_applied, 4);
  EXPECT_EQ(total.inbound_inserted, 6);
  EXPECT_EQ(total.applied_statuses.size(), 4u);
}

}  // namespace
}  // namespace mensajero::storage::common
