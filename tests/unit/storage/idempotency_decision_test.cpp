#include "storage/common/idempotency_decision.h"

#include <gtest/gtest.h>

namespace mensajero::storage::common {
namespace {

constexpr UnixMillis kNow = 1'000'000;

IdempotentRequest request(std::string hash = "h1") {
  IdempotentRequest r;
  r.id = {"api-key", "key-1"};
  r.request_hash = std::move(hash);
  r.now = kNow;
  r.locked_until = kNow + 5'000;
  r.expires_at = kNow + 86'400'000;
  return r;
}

StoredIdempotencyKey liveKey() {
  StoredIdempotencyKey key;
  key.request_hash = "h1";
  key.locked_until = kNow + 1;
  key.expires_at = kNow + 1'000;
  return key;
}

TEST(IdempotencyDecisionTest, AnExpiredKeyIsClaimedAnewWhateverItHeld) {
  StoredIdempotencyKey key = liveKey();
  key.expires_at = kNow - 1;
  key.request_hash = "other";
  key.completed = true;
  const IdempotencyDecision decision = decideIdempotency(key, request());
  EXPECT_EQ(decision.outcome.state, IdempotencyState::Started);
  EXPECT_EQ(decision.write, IdempotencyWrite::ClaimAnew);
}

TEST(IdempotencyDecisionTest, AnotherBodyIsAMismatch) {
  const IdempotencyDecision decision = decideIdempotency(liveKey(), request("h2"));
  EXPECT_EQ(decision.outcome.state, IdempotencyState::Mismatch);
  EXPECT_EQ(decision.write, IdempotencyWrite::None);
}

TEST(IdempotencyDecisionTest, ACompletedRequestIsReplayed) {
  StoredIdempotencyKey key = liveKey();
  key.completed = true;
  key.response_status = 200;
  key.response_body = R"({"status":"sent"})";
  const IdempotencyDecision decision = decideIdempotency(key, request());
  EXPECT_EQ(decision.outcome.state, IdempotencyState::Completed);
  EXPECT_EQ(decision.outcome.response_status, 200);
  EXPECT_EQ(decision.outcome.response_body, key.response_body);
  EXPECT_EQ(decision.write, IdempotencyWrite::None);
}

TEST(IdempotencyDecisionTest, ALiveClaimIsInFlight) {
  const IdempotencyDecision decision = decideIdempotency(liveKey(), request());
  EXPECT_EQ(decision.outcome.state, IdempotencyState::InFlight);
  EXPECT_EQ(decision.write, IdempotencyWrite::None);
}

TEST(IdempotencyDecisionTest, ADeadClaimWithAMessageIsOrphanedAndTakenOver) {
  StoredIdempotencyKey key = liveKey();
  key.locked_until = kNow - 1;
  key.message_id = "m-1";
  const IdempotencyDecision decision = decideIdempotency(key, request());
  EXPECT_EQ(decision.outcome.state, IdempotencyState::Orphaned);
  EXPECT_EQ(decision.outcome.message_id, "m-1");
  EXPECT_EQ(decision.write, IdempotencyWrite::RenewLock);
}

TEST(IdempotencyDecisionTest, ADeadClaimWithoutAMessageStartsAgain) {
  StoredIdempotencyKey key = liveKey();
  key.locked_until = kNow - 1;
  const IdempotencyDecision decision = decideIdempotency(key, request());
  EXPECT_EQ(decision.outcome.state, IdempotencyState::Started);
  EXPECT_FALSE(decision.outcome.message_id);
  EXPECT_EQ(decision.write, IdempotencyWrite::RenewLock);
}

}  // namespace
}  // namespace mensajero::storage::common
