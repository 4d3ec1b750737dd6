// The fault-injecting Store wrapper of tests/support: the faults it is told to inject, and
// nothing else; a failed call never reaches the real store.
#include "support/fault_injection_store.h"

#include <gtest/gtest.h>

#include "support/seeded_store.h"

namespace mensajero::testing {
namespace {

class FaultInjectionStoreTest : public ::testing::Test {
 protected:
  FaultInjectionStoreTest() : seeded_(openSeededStore(dir_)), store_(*seeded_.store) {}

  bool organizationCreated(const std::string& name) {
    storage::OrganizationRecord organization;
    organization.name = name;
    return store_.createOrganization(organization).ok();
  }
  bool exists(const std::string& name) {
    auto found = seeded_.store->findOrganizationByName(name);
    return found.ok() && found->has_value();
  }

  TempDir dir_;
  SeededStore seeded_;
  FaultInjectionStore store_;
};

TEST_F(FaultInjectionStoreTest, ForwardsEveryCallWhileNoFaultIsArmed) {
  EXPECT_TRUE(organizationCreated("A"));
  EXPECT_TRUE(exists("A"));
  EXPECT_EQ(store_.calls("createOrganization"), 1);
  EXPECT_EQ(store_.failures("createOrganization"), 0);
}

TEST_F(FaultInjectionStoreTest, FailsTheNthCallOnlyAndThatCallChangesNothing) {
  store_.failNth("createOrganization", 2, FaultInjectionStore::injected(ErrorCategory::Conflict));
  EXPECT_TRUE(organizationCreated("A"));
  storage::OrganizationRecord b;
  b.name = "B";
  auto failed = store_.createOrganization(b);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().category, ErrorCategory::Conflict);
  EXPECT_EQ(failed.error().code, "db_injected");
  EXPECT_FALSE(exists("B"));
  EXPECT_TRUE(organizationCreated("C"));
  EXPECT_EQ(store_.calls("createOrganization"), 3);
  EXPECT_EQ(store_.failures("createOrganization"), 1);
}

TEST_F(FaultInjectionStoreTest, FailsFromNowUntilHealedAndOnlyThatOperation) {
  store_.failFromNow("createOrganization");
  EXPECT_FALSE(organizationCreated("A"));
  EXPECT_FALSE(organizationCreated("B"));
  EXPECT_TRUE(store_.ping().ok()) << "other operations pass";
  store_.heal();
  EXPECT_TRUE(organizationCreated("C"));
}

TEST_F(FaultInjectionStoreTest, ACrashFailsWritesAndLetsReadsThrough) {
  store_.crash();
  EXPECT_FALSE(organizationCreated("A"));
  EXPECT_FALSE(store_.setChannelStatus(seeded_.channel_id, "inactive", std::nullopt).ok());
  auto channel = store_.findChannelInstance(seeded_.channel_id);
  ASSERT_TRUE(channel.ok());
  EXPECT_EQ((*channel)->status, "connected");
  store_.heal();
  EXPECT_TRUE(organizationCreated("A"));
}

TEST_F(FaultInjectionStoreTest, AnAsyncWriteFailsThroughItsCallback) {
  store_.failNext("appendWebhookAsync");
  std::optional<bool> ok;
  storage::WebhookLogRecord row;
  row.organization_id = seeded_.organization_id;
  row.payload = "{}";
  row.payload_hash = "h";
  store_.appendWebhookAsync(row,
                            [&ok](Result<storage::WebhookAppend> result) { ok = result.ok(); });
  ASSERT_TRUE(ok.has_value()) << "completed at once";
  EXPECT_FALSE(*ok);
  auto rows = seeded_.store->listUnprocessedWebhooks(10);
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

}  // namespace
}  // namespace mensajero::testing
