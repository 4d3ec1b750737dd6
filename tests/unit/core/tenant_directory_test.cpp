// TenantDirectory on a real SQLite store behind the fault-injecting wrapper (which counts the
// reads that reach the store), with the manual clock: when a copy is used, and when the store
// is read again.
#include "core/tenant_directory.h"

#include <chrono>

#include <gtest/gtest.h>

#include "resilience/clock.h"
#include "support/fault_injection_store.h"
#include "support/seeded_store.h"

namespace mensajero::core {
namespace {

using namespace std::chrono_literals;

class TenantDirectoryTest : public ::testing::Test {
 protected:
  TenantDirectoryTest() : seeded_(testing::openSeededStore(dir_)), store_(*seeded_.store) {}

  int reads() const {
    return store_.calls("findOrganization") + store_.calls("listChannelInstances");
  }

  testing::TempDir dir_;
  testing::SeededStore seeded_;
  testing::FaultInjectionStore store_;
  resilience::ManualClock clock_;
  TenantDirectory directory_{store_, clock_};
};

TEST_F(TenantDirectoryTest, ReadsTheStoreOnceWhileNothingChangesWithinTheMaximumAge) {
  auto first = directory_.find(seeded_.organization_id);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(*first);
  EXPECT_EQ((*first)->organization.id, seeded_.organization_id);
  ASSERT_EQ((*first)->channels.size(), 1U);
  EXPECT_EQ((*first)->channels.front().id, seeded_.channel_id);
  EXPECT_EQ(reads(), 2);

  clock_.advance(std::chrono::milliseconds(TenantDirectory::kMaxAgeMs - 1));
  auto again = directory_.find(seeded_.organization_id);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get());
  EXPECT_EQ(reads(), 2);
}

TEST_F(TenantDirectoryTest, AChannelWrittenThroughTheStoreIsSeenByTheNextFind) {
  ASSERT_TRUE(directory_.find(seeded_.organization_id).ok());
  ASSERT_TRUE(store_.setChannelStatus(seeded_.channel_id, "inactive", std::nullopt).ok());
  auto after = directory_.find(seeded_.organization_id);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ((*after)->channels.size(), 1U);
  EXPECT_EQ((*after)->channels.front().status, "inactive");
  EXPECT_EQ(reads(), 4);
}

// A change made by another gateway on the same database moves no generation here: the copy is
// read again once it is kMaxAgeMs old.
TEST_F(TenantDirectoryTest, ACopyIsReadAgainOnceItReachesTheMaximumAge) {
  ASSERT_TRUE(directory_.find(seeded_.organization_id).ok());
  clock_.advance(std::chrono::milliseconds(TenantDirectory::kMaxAgeMs));
  ASSERT_TRUE(directory_.find(seeded_.organization_id).ok());
  EXPECT_EQ(reads(), 4);
}

TEST_F(TenantDirectoryTest, UnknownOrganizationsAndFailedReadsAreNotKept) {
  auto unknown = directory_.find("00000000-0000-4000-8000-000000000000");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(*unknown);
  ASSERT_TRUE(directory_.find("00000000-0000-4000-8000-000000000000").ok());
  EXPECT_EQ(store_.calls("findOrganization"), 2);

  store_.failNext("listChannelInstances");
  auto failed = directory_.find(seeded_.organization_id);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "db_injected");
  auto next = directory_.find(seeded_.organization_id);
  ASSERT_TRUE(next.ok());
  ASSERT_TRUE(*next);
  EXPECT_EQ(store_.calls("listChannelInstances"), 2);
}

}  // namespace
}  // namespace mensajero::core
