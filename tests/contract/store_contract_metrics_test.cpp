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

// SQLite reads the minimum one priority rank at a time (the outbox index leads with the rank):
// the earliest of all ranks is the answer, whichever rank holds it. Each message below is due
// before all the earlier ones, so each rank in turn holds the earliest.
TEST_P(StoreMetricsContractTest, StatsTakeTheEarliestPendingAttemptOfEveryPriority) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const struct {
    domain::Priority priority;
    int due;
  } messages[] = {{domain::Priority::Normal, 90}, {domain::Priority::High, 80},
                  {domain::Priority::Low, 70},    {domain::Priority::Normal, 60},
                  {domain::Priority::High, 50},   {domain::Priority::Low, 40}};
  int n = 0;
  for (const auto& message : messages) {
    ++n;
    NewOutboundMessage pending = outbound(clinic.id, "+1201555020" + std::to_string(n), at(n));
    pending.priority = message.priority;
    pending.next_attempt_at = at(message.due);
    accept(pending);
    const StoreStats stats = must(store().stats());
    EXPECT_EQ(stats.outbound_pending, n);
    EXPECT_EQ(stats.earliest_pending_attempt_at, at(message.due)) << "message " << n;
  }
}

}  // namespace
}  // namespace mensajero::storage::contract
