// The Store contract: schema, liveness, organizations, keys, channels and durability. The
// outbox, webhook and conversation rules live in the sibling *_test.cpp files of this suite.
#include "contract/store_contract.h"

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace mensajero::storage::contract {
namespace {

INSTANTIATE_TEST_SUITE_P(Backends, StoreContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

// Both test stores run with their durable defaults (SQLite synchronous=FULL; the test
// cluster's synchronous_commit and fsync on).
TEST_P(StoreContractTest, DurableSettingsHaveNoCaveats) {
  EXPECT_TRUE(must(store().durabilityCaveats()).empty());
}

TEST_P(StoreContractTest, MigrateIsIdempotentAndRecordsTheVersion) {
  auto fresh = GetParam().make();
  auto opened = fresh->open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Store& empty = **opened;
  EXPECT_EQ(must(empty.schemaVersion()), 0);
  const int version = must(empty.migrate());
  EXPECT_GE(version, 1);
  EXPECT_EQ(must(empty.migrate()), version);
  EXPECT_EQ(must(empty.schemaVersion()), version);
}

TEST_P(StoreContractTest, MigrateRefusesASchemaNewerThanTheBinary) {
  const int version = must(store().schemaVersion());
  backend_->recordSchemaVersionForTest(version + 1);
  auto refused = store().migrate();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_NE(refused.error().message.find("newer"), std::string::npos);
}

TEST_P(StoreContractTest, PingsAndCountsWork) {
  must(store().ping());
  const OrganizationRecord clinic = makeOrganization("Clinic");
  accept(outbound(clinic.id, "+12015550101", at(1)));
  ASSERT_EQ(must(appendWebhook(webhookRecord("{}", at(1)))), WebhookAppend::Inserted);
  const StoreStats stats = must(store().stats());
  EXPECT_EQ(stats.outbound_pending, 1);
  EXPECT_EQ(stats.webhooks_unprocessed, 1);
}

TEST_P(StoreContractTest, CreatesAndFindsOrganizations) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  EXPECT_FALSE(clinic.id.empty());
  const auto by_id = must(store().findOrganization(clinic.id));
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->name, "Clinic");
  EXPECT_EQ(by_id->default_region, "US");
  EXPECT_EQ(by_id->created_at, kT0);
  const auto by_name = must(store().findOrganizationByName("Clinic"));
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->id, clinic.id);
  EXPECT_FALSE(must(store().findOrganization("missing")).has_value());
  EXPECT_FALSE(must(store().findOrganizationByName("Missing")).has_value());
}

TEST_P(StoreContractTest, CreatingAnOrganizationWithATakenNameIsAConflict) {
  makeOrganization("Clinic");
  OrganizationRecord twin;
  twin.name = "Clinic";
  auto refused = store().createOrganization(twin);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Conflict);
}

TEST_P(StoreContractTest, UpsertOrganizationUpdatesByIdOrByName) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  OrganizationRecord by_name;
  by_name.name = "Clinic";
  by_name.default_region = "MX";
  EXPECT_EQ(must(store().upsertOrganization(by_name)).id, clinic.id);
  EXPECT_EQ(must(store().findOrganization(clinic.id))->default_region, "MX");

  OrganizationRecord by_id = clinic;
  by_id.name = "Clinic North";
  by_id.default_region = "ES";
  EXPECT_EQ(must(store().upsertOrganization(by_id)).name, "Clinic North");
  const auto renamed = must(store().findOrganizationByName("Clinic North"));
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->id, clinic.id);
  EXPECT_EQ(renamed->default_region, "ES");

  OrganizationRecord other;
  other.name = "Hospital";
  EXPECT_NE(must(store().upsertOrganization(other)).id, clinic.id);
}

TEST_P(StoreContractTest, InsertsAndFindsApiKeysByHash) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  ApiKeyRecord key;
  key.organization_id = clinic.id;
  key.name = "frontdesk";
  key.key_hash = std::string(64, 'a');
  key.created_at = at(1);
  const ApiKeyRecord stored = must(store().insertApiKey(key));
  EXPECT_FALSE(stored.id.empty());
  const auto found = must(store().findApiKeyByHash(key.key_hash));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, stored.id);
  EXPECT_EQ(found->organization_id, clinic.id);
  EXPECT_EQ(found->name, "frontdesk");
  EXPECT_EQ(found->created_at, at(1));
  EXPECT_FALSE(must(store().findApiKeyByHash(std::string(64, 'b'))).has_value());

  auto duplicate = store().insertApiKey(key);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().category, ErrorCategory::Conflict);
  key.organization_id = "missing";
  key.key_hash = std::string(64, 'c');
  auto orphan = store().insertApiKey(key);
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().category, ErrorCategory::NotFound);
}

TEST_P(StoreContractTest, UpsertChannelInstanceKeepsOneRowPerProvider) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord hospital = makeOrganization("Hospital");
  ChannelInstanceRecord channel;
  channel.organization_id = clinic.id;
  channel.provider_config = R"({"phone_number_id":"1"})";
  channel.created_at = channel.updated_at = at(1);
  const ChannelInstanceRecord first = must(store().upsertChannelInstance(channel));
  EXPECT_FALSE(first.id.empty());

  channel.provider_config = R"({"phone_number_id":"2"})";
  channel.status = "error";
  channel.updated_at = at(2);
  const ChannelInstanceRecord second = must(store().upsertChannelInstance(channel));
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.provider_config, R"({"phone_number_id":"2"})");
  EXPECT_EQ(second.status, "error");
  EXPECT_EQ(second.created_at, at(1));

  channel.organization_id = hospital.id;
  must(store().upsertChannelInstance(channel));
  EXPECT_EQ(must(store().listChannelInstances(clinic.id)).size(), 1u);
  EXPECT_EQ(must(store().listAllChannelInstances()).size(), 2u);
  const auto found = must(store().findChannelInstance(first.id));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->organization_id, clinic.id);
  EXPECT_EQ(found->provider, "meta");
  EXPECT_FALSE(must(store().findChannelInstance("missing")).has_value());
}

TEST_P(StoreContractTest, UpdateChannelHealthRecordsTheCheck) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  ChannelInstanceRecord channel;
  channel.organization_id = clinic.id;
  const std::string id = must(store().upsertChannelInstance(channel)).id;
  must(store().updateChannelHealth(id, "degraded", at(5)));
  const auto found = must(store().findChannelInstance(id));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->health_status, "degraded");
  EXPECT_EQ(found->last_health_check, at(5));
  auto missing = store().updateChannelHealth("missing", "healthy", at(6));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, ErrorCategory::NotFound);
}

TEST_P(StoreContractTest, SetChannelStatusKeepsTheLastErrorAndCountsIt) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  ChannelInstanceRecord channel;
  channel.organization_id = clinic.id;
  const std::string id = must(store().upsertChannelInstance(channel)).id;
  must(store().setChannelStatus(id, "error", std::string("emergency shutdown")));
  must(store().setChannelStatus(id, "connected", std::nullopt));
  const auto found = must(store().findChannelInstance(id));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->status, "connected");
  EXPECT_EQ(found->last_error, "emergency shutdown");
  EXPECT_EQ(found->error_count, 1);
  EXPECT_EQ(store().setChannelStatus(id, "bogus", std::nullopt).error().category,
            ErrorCategory::Invalid);
  EXPECT_EQ(store().setChannelStatus("missing", "error", std::nullopt).error().category,
            ErrorCategory::NotFound);
}

TEST_P(StoreContractTest, CircuitBreakerEventsAreListedNewestFirstPerService) {
  must(store().recordCircuitBreakerEvent({"channel:a", "opened", 5, "timeout", at(1)}));
  must(store().recordCircuitBreakerEvent({"channel:b", "opened", 5, "timeout", at(2)}));
  must(store().recordCircuitBreakerEvent({"channel:a", "half_open", 5, "", at(31)}));
  const auto events = must(store().listCircuitBreakerEvents("channel:a", 10));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event_type, "half_open");
  EXPECT_EQ(events[0].at, at(31));
  EXPECT_EQ(events[1].event_type, "opened");
  EXPECT_EQ(events[1].failure_count, 5);
  EXPECT_EQ(events[1].error_details, "timeout");
  EXPECT_EQ(must(store().listCircuitBreakerEvents("channel:a", 1)).size(), 1u);
}

TEST_P(StoreContractTest, DataSurvivesCloseAndReopen) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.KEEP", at(1));
  ASSERT_EQ(applyStatus(statusEvent(clinic.id, "wamid.KEEP", "delivered", at(2))).statuses_applied,
            1);
  ASSERT_EQ(must(appendWebhook(webhookRecord("{\"kept\":true}", at(3)))), WebhookAppend::Inserted);
  const int version = must(store().schemaVersion());

  ASSERT_NO_FATAL_FAILURE(reopen());
  EXPECT_EQ(must(store().schemaVersion()), version);
  EXPECT_EQ(must(store().migrate()), version);
  EXPECT_TRUE(must(store().findOrganization(clinic.id)).has_value());
  const MessageRecord kept = message(id);
  EXPECT_EQ(kept.delivery_status, domain::DeliveryStatus::Delivered);
  EXPECT_EQ(kept.external_id, "wamid.KEEP");
  const auto webhooks = must(store().listUnprocessedWebhooks(10));
  ASSERT_EQ(webhooks.size(), 1u);
  EXPECT_EQ(webhooks[0].payload, "{\"kept\":true}");
}

TEST_P(StoreContractTest, WritesQueuedBeforeCloseAreCommitted) {
  constexpr int kAppends = 200;
  std::atomic<int> inserted{0};
  for (int i = 0; i < kAppends; ++i) {
    store().appendWebhookAsync(webhookRecord("close-" + std::to_string(i), at(i)),
                               [&inserted](Result<WebhookAppend> result) {
                                 if (result.ok()) ++inserted;
                               });
  }
  ASSERT_NO_FATAL_FAILURE(reopen());
  EXPECT_EQ(inserted.load(), kAppends);
  EXPECT_EQ(must(store().listUnprocessedWebhooks(kAppends + 1)).size(),
            static_cast<std::size_t>(kAppends));
}

}  // namespace
}  // namespace mensajero::storage::contract
