#include "api/organization_concurrency.h"

#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace mensajero::api {
namespace {

TEST(OrganizationConcurrencyTest, RefusesTheOrganizationBeyondItsCapAndNoOtherOne) {
  OrganizationConcurrency concurrency(2);
  std::vector<OrganizationConcurrency::Slot> held;
  for (int i = 0; i < 2; ++i) {
    auto slot = concurrency.tryEnter("org-a");
    ASSERT_TRUE(slot.has_value());
    held.push_back(std::move(*slot));
  }
  EXPECT_FALSE(concurrency.tryEnter("org-a").has_value());
  EXPECT_TRUE(concurrency.tryEnter("org-b").has_value());
  EXPECT_EQ(concurrency.inUseForTest("org-a"), 2);
}

TEST(OrganizationConcurrencyTest, ASlotIsGivenBackWhenItsRequestEnds) {
  OrganizationConcurrency concurrency(1);
  {
    const auto slot = concurrency.tryEnter("org-a");
    ASSERT_TRUE(slot.has_value());
    EXPECT_FALSE(concurrency.tryEnter("org-a").has_value());
  }
  EXPECT_EQ(concurrency.inUseForTest("org-a"), 0);
  EXPECT_TRUE(concurrency.tryEnter("org-a").has_value());
}

TEST(OrganizationConcurrencyTest, TheRefusalIs429InTheErrorShapeWithRetryAfter) {
  const http::Response refusal = OrganizationConcurrency::refusal();
  EXPECT_EQ(refusal.status, 429U);
  const auto body = nlohmann::json::parse(refusal.body);
  EXPECT_EQ(body["error"]["code"], "too_many_concurrent_requests");
  EXPECT_EQ(body["error"]["retryable"], true);
  bool retry_after = false;
  for (const auto& header : refusal.headers) retry_after |= header.name == "Retry-After";
  EXPECT_TRUE(retry_after);
}

}  // namespace
}  // namespace mensajero::api
