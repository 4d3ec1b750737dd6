// The Store contract for Idempotency-Key claims: one execution per (API key, key), replay of
// the stored answer, mismatch detection, takeover of a dead request's claim, and expiry.
#include <atomic>
#include <thread>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

constexpr UnixMillis kDay = 24LL * 3600 * 1000;

class IdempotencyContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    clinic_ = makeOrganization("Clinic");
    ApiKeyRecord key;
    key.organization_id = clinic_.id;
    key.name = "frontdesk";
    key.key_hash = std::string(64, 'a');
    key.created_at = at(0);
    api_key_id_ = must(store().insertApiKey(key)).id;
  }

  // A claim of `key` for a request hashing to `hash`, made at `now`, locked for 30 s.
  IdempotentRequest request(const std::string& key, const std::string& hash, UnixMillis now) const {
    IdempotentRequest r;
    r.id = {api_key_id_, key};
    r.request_hash = hash;
    r.now = now;
    r.expires_at = now + kDay;
    r.locked_until = now + 30'000;
    return r;
  }

  IdempotencyState begin(const std::string& key, const std::string& hash, UnixMillis now) {
    return must(store().beginIdempotentRequest(request(key, hash, now))).state;
  }

  OrganizationRecord clinic_;
  std::string api_key_id_;
};

INSTANTIATE_TEST_SUITE_P(Backends, IdempotencyContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

TEST_P(IdempotencyContractTest, FirstClaimStartsAndASecondIsInFlight) {
  EXPECT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  EXPECT_EQ(begin("k1", "hash-a", at(2)), IdempotencyState::InFlight);
  // Another key of the same client is independent.
  EXPECT_EQ(begin("k2", "hash-a", at(2)), IdempotencyState::Started);
}

TEST_P(IdempotencyContractTest, ACompletedKeyReplaysItsAnswer) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  must(store().completeIdempotentRequest({api_key_id_, "k1"}, 202, R"({"status":"queued"})"));
  const auto replay = must(store().beginIdempotentRequest(request("k1", "hash-a", at(5))));
  EXPECT_EQ(replay.state, IdempotencyState::Completed);
  EXPECT_EQ(replay.response_status, 202);
  EXPECT_EQ(replay.response_body, R"({"status":"queued"})");
}

TEST_P(IdempotencyContractTest, AnotherRequestWithTheKeyIsAMismatch) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  EXPECT_EQ(begin("k1", "hash-b", at(2)), IdempotencyState::Mismatch);
  must(store().completeIdempotentRequest({api_key_id_, "k1"}, 200, "{}"));
  EXPECT_EQ(begin("k1", "hash-b", at(3)), IdempotencyState::Mismatch);
}

TEST_P(IdempotencyContractTest, KeysAreScopedToTheApiKey) {
  ApiKeyRecord other;
  other.organization_id = clinic_.id;
  other.key_hash = std::string(64, 'b');
  other.created_at = at(0);
  const std::string other_id = must(store().insertApiKey(other)).id;
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  IdempotentRequest same_key = request("k1", "hash-b", at(2));
  same_key.id.api_key_id = other_id;
  EXPECT_EQ(must(store().beginIdempotentRequest(same_key)).state, IdempotencyState::Started);
}

TEST_P(IdempotencyContractTest, AReleasedClaimCanStartAgain) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  must(store().releaseIdempotentRequest({api_key_id_, "k1"}));
  EXPECT_EQ(begin("k1", "hash-b", at(2)), IdempotencyState::Started);
}

TEST_P(IdempotencyContractTest, ReleaseKeepsAClaimThatAcceptedAMessage) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  NewOutboundMessage message = outbound(clinic_.id, "+12015550101", at(1));
  message.idempotency_key = IdempotencyKeyId{api_key_id_, "k1"};
  accept(message);
  must(store().releaseIdempotentRequest({api_key_id_, "k1"}));
  EXPECT_EQ(begin("k1", "hash-a", at(2)), IdempotencyState::InFlight);
}

TEST_P(IdempotencyContractTest, ADeadRequestsClaimIsTakenOverAfterItsLock) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  // The lock (30 s) has passed and nothing was accepted: the next request starts afresh,
  // and holds a new lock.
  EXPECT_EQ(begin("k1", "hash-a", at(40)), IdempotencyState::Started);
  EXPECT_EQ(begin("k1", "hash-a", at(41)), IdempotencyState::InFlight);
}

TEST_P(IdempotencyContractTest, AnAcceptedMessageOfADeadRequestIsReportedAsOrphaned) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  NewOutboundMessage message = outbound(clinic_.id, "+12015550101", at(1));
  message.idempotency_key = IdempotencyKeyId{api_key_id_, "k1"};
  const AcceptedMessage accepted = accept(message);

  const auto taken = must(store().beginIdempotentRequest(request("k1", "hash-a", at(40))));
  EXPECT_EQ(taken.state, IdempotencyState::Orphaned);
  EXPECT_EQ(taken.message_id, accepted.message_id);
  EXPECT_EQ(begin("k1", "hash-a", at(41)), IdempotencyState::InFlight);
  must(store().completeIdempotentRequest({api_key_id_, "k1"}, 202, "{}"));
  EXPECT_EQ(begin("k1", "hash-a", at(42)), IdempotencyState::Completed);
}

TEST_P(IdempotencyContractTest, AnExpiredKeyStartsANewRequest) {
  ASSERT_EQ(begin("k1", "hash-a", at(1)), IdempotencyState::Started);
  must(store().completeIdempotentRequest({api_key_id_, "k1"}, 200, "{}"));
  EXPECT_EQ(begin("k1", "hash-b", at(2) + kDay), IdempotencyState::Started);
}

TEST_P(IdempotencyContractTest, PurgeForgetsExpiredKeysOnly) {
  ASSERT_EQ(begin("old", "hash-a", at(1)), IdempotencyState::Started);
  ASSERT_EQ(begin("new", "hash-a", at(100)), IdempotencyState::Started);
  EXPECT_EQ(must(store().purgeIdempotencyKeysBefore(at(50) + kDay)), 1);
  EXPECT_EQ(begin("old", "hash-b", at(101)), IdempotencyState::Started);
  EXPECT_EQ(begin("new", "hash-b", at(101)), IdempotencyState::Mismatch);
}

TEST_P(IdempotencyContractTest, ConcurrentClaimsStartExactlyOnce) {
  constexpr int kClaimers = 16;
  std::atomic<int> started{0};
  std::atomic<int> in_flight{0};
  std::vector<std::thread> claimers;
  for (int i = 0; i < kClaimers; ++i) {
    claimers.emplace_back([&] {
      auto outcome = store().beginIdempotentRequest(request("race", "hash-a", at(1)));
      if (!outcome.ok()) return;
      if (outcome->state == IdempotencyState::Started) ++started;
      if (outcome->state == IdempotencyState::InFlight) ++in_flight;
    });
  }
  for (auto& claimer : claimers) claimer.join();
  EXPECT_EQ(started.load(), 1);
  EXPECT_EQ(in_flight.load(), kClaimers - 1);
}

}  // namespace
}  // namespace mensajero::storage::contract
