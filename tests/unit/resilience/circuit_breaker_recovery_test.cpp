// Half-open trials, emergency shutdown and operator reset.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "resilience/circuit_breaker.h"
#include "unit/resilience/breaker_fixture.h"

namespace mensajero::resilience {
namespace {

TEST_F(CircuitBreakerTest, MovesToHalfOpenOnFirstAcquireAfterRecoveryTimeout) {
  open();
  clock_.advance(seconds(30));
  EXPECT_EQ(breaker_.state(), BreakerState::Open);  // lazy: nothing moves it without a call
  const Permit permit = breaker_.tryAcquire();
  EXPECT_TRUE(permit.admitted);
  EXPECT_EQ(permit.state, BreakerState::HalfOpen);
  EXPECT_EQ(breaker_.state(), BreakerState::HalfOpen);
}

TEST_F(CircuitBreakerTest, HalfOpenAdmitsThreeTrialsAndRejectsTheFourth) {
  open();
  halfOpen();
  EXPECT_TRUE(breaker_.tryAcquire());
  EXPECT_TRUE(breaker_.tryAcquire());
  const Permit fourth = breaker_.tryAcquire();
  EXPECT_FALSE(fourth.admitted);
  EXPECT_EQ(fourth.state, BreakerState::HalfOpen);
  EXPECT_EQ(fourth.retry_after, std::nullopt);
}

TEST_F(CircuitBreakerTest, ClosesWhenAllThreeTrialsSucceed) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  breaker_.onSuccess();
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, StaysHalfOpenUntilEveryTrialSucceeded) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::HalfOpen);
}

TEST_F(CircuitBreakerTest, SuccessWithoutAnOutstandingTrialDoesNotCount) {
  open();
  halfOpen();
  breaker_.onSuccess();
  breaker_.onSuccess();  // no second trial was admitted
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::HalfOpen);
}

TEST_F(CircuitBreakerTest, ClosingClearsTheFailureWindow) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  breaker_.onSuccess();
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.failuresInWindow(), 0);
  fail(4);  // within 60 s of the failures that opened it
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, ReopensOnTrialFailure) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  breaker_.onFailure("http 502");
  EXPECT_EQ(breaker_.state(), BreakerState::Open);
  const auto seen = transitions();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2].from, BreakerState::HalfOpen);
  EXPECT_EQ(seen[2].to, BreakerState::Open);
  EXPECT_EQ(seen[2].failures_since_recovery, 6);
  EXPECT_EQ(seen[2].detail, "http 502");
}

TEST_F(CircuitBreakerTest, ReopeningRestartsTheRecoveryTimer) {
  open();
  halfOpen();
  clock_.advance(seconds(5));
  breaker_.onFailure("timeout");
  EXPECT_EQ(breaker_.retryAfter(), milliseconds(30000));
  clock_.advance(milliseconds(29999));
  EXPECT_FALSE(breaker_.tryAcquire());
  clock_.advance(milliseconds(1));
  EXPECT_TRUE(breaker_.tryAcquire());
}

TEST_F(CircuitBreakerTest, IgnoredTrialFreesItsSlot) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onIgnored();  // e.g. a 4xx for one message's bad parameter
  EXPECT_TRUE(breaker_.tryAcquire());
  EXPECT_EQ(breaker_.state(), BreakerState::HalfOpen);
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 5);
}

TEST_F(CircuitBreakerTest, ConcurrentAcquiresAdmitExactlyThreeTrials) {
  open();
  clock_.advance(seconds(30));
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 50; ++j) {
        if (breaker_.tryAcquire()) ++admitted;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(admitted.load(), 3);
  EXPECT_EQ(transitions().size(), 2u);  // Closed -> Open, Open -> HalfOpen once
}

// Five failures open it, then each 30 s cycle fails its first trial: the count grows by one
// per cycle with no success in between, until the fiftieth.
TEST_F(CircuitBreakerTest, ShutsDownAtFiftyFailuresAcrossOpenCycles) {
  open();
  while (breaker_.failuresSinceRecovery() < 49) {
    halfOpen();
    breaker_.onFailure("timeout");
    ASSERT_EQ(breaker_.state(), BreakerState::Open);
  }
  halfOpen();
  breaker_.onFailure("timeout");
  EXPECT_EQ(breaker_.state(), BreakerState::Shutdown);
  const BreakerTransition last = transitions().back();
  EXPECT_EQ(last.from, BreakerState::HalfOpen);
  EXPECT_EQ(last.to, BreakerState::Shutdown);
  EXPECT_EQ(last.failures_since_recovery, 50);
}

TEST_F(CircuitBreakerTest, LateFailuresWhileOpenCountTowardsShutdown) {
  open();
  fail(45);  // answers to calls admitted before it opened
  EXPECT_EQ(breaker_.state(), BreakerState::Shutdown);
}

TEST_F(CircuitBreakerTest, ShutdownRejectsEvenAfterRecoveryTimeout) {
  open();
  fail(45);
  clock_.advance(std::chrono::hours(1));
  const Permit permit = breaker_.tryAcquire();
  EXPECT_FALSE(permit.admitted);
  EXPECT_EQ(permit.state, BreakerState::Shutdown);
  EXPECT_EQ(permit.retry_after, std::nullopt);
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::Shutdown);
}

TEST_F(CircuitBreakerTest, ResetRecoversFromShutdown) {
  open();
  fail(45);
  breaker_.reset();
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 0);
  EXPECT_EQ(breaker_.failuresInWindow(), 0);
  EXPECT_EQ(breaker_.totalFailures(), 50);  // lifetime metric survives
  EXPECT_TRUE(breaker_.tryAcquire());
  const BreakerTransition last = transitions().back();
  EXPECT_EQ(last.from, BreakerState::Shutdown);
  EXPECT_EQ(last.to, BreakerState::Closed);
  EXPECT_EQ(last.detail, "reset by operator");
}

TEST_F(CircuitBreakerTest, ResetWhileClosedClearsCountsWithoutReporting) {
  fail(4);
  breaker_.reset();
  EXPECT_EQ(breaker_.failuresInWindow(), 0);
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 0);
  EXPECT_TRUE(transitions().empty());
}

TEST_F(CircuitBreakerTest, SuccessfulRecoveryClearsEmergencyCount) {
  open();
  halfOpen();
  ASSERT_TRUE(breaker_.tryAcquire());
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  breaker_.onSuccess();
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 0);
}

TEST_F(CircuitBreakerTest, SuccessWhileClosedClearsEmergencyCount) {
  fail(4);
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 0);
  EXPECT_EQ(breaker_.failuresInWindow(), 4);  // the window still opens on one more
}

TEST_F(CircuitBreakerTest, OpeningDoesNotClearEmergencyCount) {
  open();
  halfOpen();
  breaker_.onFailure("timeout");
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 6);
}

}  // namespace
}  // namespace mensajero::resilience
