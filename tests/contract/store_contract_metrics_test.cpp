// Issue 12: what GET /metrics reads of the store (StoreStats), on both stores.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

class StoreMetricsContractTest : public StoreContractTest {};

INSTANTIATE_TEST_SUITE_P(Backends, StoreMetricsContractTest,
                         ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(StoreMetricsContractTest, StatsNameTheEarliestPendingAttempt) {
  EXPECT_FALSE(must(store().stats()).earliest_pending_attempt_at.has_value());
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage later = outbound(clinic.id, "+12015550101", at(1));
  later.next_attempt_at = at(50);
  accept(later);
  NewOutboundMessage earlier = outbound(clinic.id, "+12015550102", at(2));
  earlier.next_attempt_at = at(20);
  accept(earlier);
  const StoreStats stats = must(store().stats());
  EXPECT_EQ(stats.outbound_pending, 2);
  EXPECT_EQ(stats.earliest_pending_attempt_at, at(20));
}

}  // namespace
}  // namespace mensajero::storage::contract
