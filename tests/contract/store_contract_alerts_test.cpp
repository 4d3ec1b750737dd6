// The Store contract for alerting (issue 12): the evaluation lease (one holder; racing owners,
// exactly one wins; renewal; expiry and release hand it over), alert states kept across
// instances, and the delivery outcome counts behind message_delivery_rate.
#include <atomic>
#include <future>
#include <string>
#include <vector>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

constexpr const char* kLease = "alerting";

class AlertsContractTest : public StoreContractTest {
 protected:
  bool acquire(const std::string& owner, UnixMillis now, int seconds = 30) {
    return must(store().acquireAlertLease(kLease, owner, now, now + seconds * 1000LL));
  }
};

INSTANTIATE_TEST_SUITE_P(Backends, AlertsContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(AlertsContractTest, TheFirstOwnerTakesAFreeLeaseAndRenewsIt) {
  EXPECT_TRUE(acquire("gw-a", at(0)));
  EXPECT_FALSE(acquire("gw-b", at(1)));
  EXPECT_TRUE(acquire("gw-a", at(15)));  // renewed until at(45)
  EXPECT_FALSE(acquire("gw-b", at(40)));
}

TEST_P(AlertsContractTest, ExpiryHandsTheLeaseOver) {
  EXPECT_TRUE(acquire("gw-a", at(0)));
  EXPECT_FALSE(acquire("gw-b", at(29)));
  EXPECT_FALSE(acquire("gw-b", at(30)));  // expires_at itself is still held
  EXPECT_TRUE(acquire("gw-b", at(31)));
  EXPECT_FALSE(acquire("gw-a", at(32)));  // the old holder does not take it back
}

TEST_P(AlertsContractTest, ReleaseHandsTheLeaseOverAtOnce) {
  EXPECT_TRUE(acquire("gw-a", at(0)));
  must(store().releaseAlertLease(kLease, "gw-b"));  // not the holder: nothing
  EXPECT_FALSE(acquire("gw-b", at(1)));
  must(store().releaseAlertLease(kLease, "gw-a"));
  EXPECT_TRUE(acquire("gw-b", at(2)));
}

TEST_P(AlertsContractTest, OfOwnersRacingForAFreeLeaseExactlyOneWins) {
  for (int round = 0; round < 5; ++round) {
    const UnixMillis now = at(round * 100);  // each round the previous lease has expired
    std::vector<std::future<bool>> racers;
    for (int i = 0; i < 8; ++i) {
      racers.push_back(std::async(std::launch::async, [this, i, round, now] {
        return acquire("gw-" + std::to_string(round) + "-" + std::to_string(i), now);
      }));
    }
    int winners = 0;
    for (auto& racer : racers) winners += racer.get() ? 1 : 0;
    EXPECT_EQ(winners, 1) << "round " << round;
  }
}

TEST_P(AlertsContractTest, AlertStatesAreSavedAndReplaced) {
  EXPECT_TRUE(must(store().listAlertStates()).empty());
  AlertStateRecord pending;
  pending.rule_name = "High Error Rate";
  pending.phase = "pending";
  pending.since = at(10);
  pending.updated_at = at(10);
  must(store().saveAlertState(pending));
  AlertStateRecord firing;
  firing.rule_name = "Circuit Breaker Opened";
  firing.phase = "firing";
  firing.since = at(5);
  firing.dedup_key = "mensajero/circuit-breaker-opened/1767225605000";
  firing.last_notified_at = at(5);
  firing.updated_at = at(5);
  must(store().saveAlertState(firing));

  auto states = must(store().listAlertStates());
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].rule_name, "Circuit Breaker Opened");
  EXPECT_EQ(states[0].phase, "firing");
  EXPECT_EQ(states[0].since, at(5));
  EXPECT_EQ(states[0].dedup_key, firing.dedup_key);
  EXPECT_EQ(states[0].last_notified_at, at(5));
  EXPECT_EQ(states[1].rule_name, "High Error Rate");
  EXPECT_EQ(states[1].last_notified_at, std::nullopt);

  firing.phase = "inactive";
  firing.dedup_key.clear();
  firing.last_notified_at.reset();
  firing.updated_at = at(60);
  must(store().saveAlertState(firing));
  states = must(store().listAlertStates());
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].phase, "inactive");
  EXPECT_EQ(states[0].dedup_key, "");
  EXPECT_EQ(states[0].updated_at, at(60));
}

TEST_P(AlertsContractTest, CountsDeliveredAndFailedOutboundMessagesSinceACutoff) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord other = makeOrganization("Other clinic");
  // Before the cutoff: not counted.
  sentMessage(clinic.id, "+5215512340000", "wamid.OLD", at(1));
  applyStatus(statusEvent(clinic.id, "wamid.OLD", "failed", at(2)));
  // After it: two delivered (one read), one failed, one still only sent, of two organizations.
  sentMessage(clinic.id, "+5215512340001", "wamid.D1", at(20));
  applyStatus(statusEvent(clinic.id, "wamid.D1", "delivered", at(21)));
  sentMessage(other.id, "+5215512340002", "wamid.D2", at(22));
  applyStatus(statusEvent(other.id, "wamid.D2", "read", at(23)));
  sentMessage(clinic.id, "+5215512340003", "wamid.F1", at(24));
  applyStatus(statusEvent(clinic.id, "wamid.F1", "failed", at(25)));
  sentMessage(clinic.id, "+5215512340004", "wamid.S1", at(26));

  DeliveryOutcomeCounts counts = must(store().countDeliveryOutcomes(at(10)));
  EXPECT_EQ(counts.delivered, 2);
  EXPECT_EQ(counts.failed, 1);
  counts = must(store().countDeliveryOutcomes(at(0)));
  EXPECT_EQ(counts.failed, 2);
  counts = must(store().countDeliveryOutcomes(at(100)));
  EXPECT_EQ(counts.delivered + counts.failed, 0);
}

}  // namespace
}  // namespace mensajero::storage::contract
