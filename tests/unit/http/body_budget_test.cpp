#include "http/body_budget.h"

#include <utility>

#include <gtest/gtest.h>

namespace mensajero::http {
namespace {

TEST(BodyBudgetTest, LeasesShareTheCapacity) {
  BodyBudget budget(1000);
  auto a = budget.lease();
  auto b = budget.lease();
  EXPECT_TRUE(a.grow(600));
  EXPECT_FALSE(b.grow(401));
  EXPECT_EQ(b.bytes(), 0u);
  EXPECT_TRUE(b.grow(400));
  EXPECT_EQ(budget.inUse(), 1000u);
  EXPECT_FALSE(b.grow(1));
}

TEST(BodyBudgetTest, CoverGrowsOnlyByWhatIsMissing) {
  BodyBudget budget(1000);
  auto lease = budget.lease();
  EXPECT_TRUE(lease.cover(300));
  EXPECT_TRUE(lease.cover(200));  // already covered
  EXPECT_EQ(lease.bytes(), 300u);
  EXPECT_TRUE(lease.cover(1000));
  EXPECT_FALSE(lease.cover(1001));
  EXPECT_EQ(budget.inUse(), 1000u);
}

TEST(BodyBudgetTest, ReleaseAndDestructionGiveBytesBack) {
  BodyBudget budget(1000);
  {
    auto lease = budget.lease();
    ASSERT_TRUE(lease.grow(700));
    lease.release();
    EXPECT_EQ(budget.inUse(), 0u);
    ASSERT_TRUE(lease.grow(500));
  }
  EXPECT_EQ(budget.inUse(), 0u);
}

TEST(BodyBudgetTest, MovedLeaseReleasesOnce) {
  BodyBudget budget(1000);
  auto first = budget.lease();
  ASSERT_TRUE(first.grow(400));
  auto second = std::move(first);
  EXPECT_EQ(second.bytes(), 400u);
  first.release();  // moved-from: nothing to give back
  EXPECT_EQ(budget.inUse(), 400u);
  auto third = budget.lease();
  ASSERT_TRUE(third.grow(100));
  third = std::move(second);  // third's own 100 go back
  EXPECT_EQ(budget.inUse(), 400u);
}

TEST(BodyBudgetTest, DefaultLeaseHoldsNothing) {
  BodyBudget::Lease lease;
  EXPECT_FALSE(lease.grow(1));
}

}  // namespace
}  // namespace mensajero::http
