// Closed and Open behaviour, reporting and configuration. Half-open recovery, emergency
// shutdown and reset are in circuit_breaker_recovery_test.cpp.
#include "resilience/circuit_breaker.h"

#include <stdexcept>

#include <gtest/gtest.h>

#include "unit/resilience/breaker_fixture.h"

namespace mensajero::resilience {
namespace {

TEST_F(CircuitBreakerTest, StartsClosedAndAdmits) {
  const Permit permit = breaker_.tryAcquire();
  EXPECT_TRUE(permit.admitted);
  EXPECT_EQ(permit.state, BreakerState::Closed);
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
}

TEST_F(CircuitBreakerTest, StaysClosedOnFourthFailureInWindow) {
  fail(4);
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.failuresInWindow(), 4);
}

TEST_F(CircuitBreakerTest, OpensOnFifthFailureInWindow) {
  for (int i = 0; i < 4; ++i) {
    breaker_.onFailure("http 503");
    clock_.advance(seconds(14));  // the fifth lands 56 s after the first
  }
  breaker_.onFailure("http 503");
  EXPECT_EQ(breaker_.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, StaysClosedWhenFailuresSpreadBeyondWindow) {
  for (int i = 0; i < 10; ++i) {
    clock_.advance(seconds(15));  // so each failure has left the window 60 s later
    breaker_.onFailure("http 503");
  }
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.failuresInWindow(), 4);
}

TEST_F(CircuitBreakerTest, FailureExactlyOneWindowOldHasLeftTheWindow) {
  fail(4);
  clock_.advance(seconds(60));
  breaker_.onFailure("http 503");
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.failuresInWindow(), 1);
}

TEST_F(CircuitBreakerTest, SuccessesDoNotClearTheWindow) {
  fail(4);
  breaker_.onSuccess();
  breaker_.onSuccess();
  breaker_.onFailure("http 503");
  EXPECT_EQ(breaker_.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, IgnoredOutcomesDoNotCountAsFailures) {
  fail(4);
  for (int i = 0; i < 10; ++i) breaker_.onIgnored();
  EXPECT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.failuresInWindow(), 4);
  EXPECT_EQ(breaker_.totalFailures(), 4);
}

TEST_F(CircuitBreakerTest, RejectsWhileOpen) {
  open();
  clock_.advance(seconds(10));
  const Permit permit = breaker_.tryAcquire();
  EXPECT_FALSE(permit.admitted);
  EXPECT_EQ(permit.state, BreakerState::Open);
  EXPECT_EQ(permit.retry_after, milliseconds(20000));
}

TEST_F(CircuitBreakerTest, StaysOpenUntilRecoveryTimeoutElapses) {
  open();
  clock_.advance(milliseconds(29999));
  EXPECT_FALSE(breaker_.tryAcquire());
  EXPECT_EQ(breaker_.state(), BreakerState::Open);
}

TEST_F(CircuitBreakerTest, RetryAfterCountsDownWhileOpen) {
  open();
  EXPECT_EQ(breaker_.retryAfter(), milliseconds(30000));
  clock_.advance(milliseconds(12345));
  EXPECT_EQ(breaker_.retryAfter(), milliseconds(17655));
  clock_.advance(seconds(60));
  EXPECT_EQ(breaker_.retryAfter(), milliseconds(0));  // due; half-opens on the next acquire
}

TEST_F(CircuitBreakerTest, RetryAfterIsEmptyUnlessOpen) {
  EXPECT_EQ(breaker_.retryAfter(), std::nullopt);
  open();
  halfOpen();
  EXPECT_EQ(breaker_.retryAfter(), std::nullopt);
}

TEST_F(CircuitBreakerTest, LateSuccessWhileOpenIsIgnored) {
  open();
  breaker_.onSuccess();
  EXPECT_EQ(breaker_.state(), BreakerState::Open);
  EXPECT_EQ(breaker_.failuresSinceRecovery(), 5);
}

TEST_F(CircuitBreakerTest, ReportsOpeningWithCountsAndDetail) {
  fail(4);
  breaker_.onFailure("meta 131000");
  const auto seen = transitions();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].name, "meta");
  EXPECT_EQ(seen[0].from, BreakerState::Closed);
  EXPECT_EQ(seen[0].to, BreakerState::Open);
  EXPECT_EQ(seen[0].failures_in_window, 5);
  EXPECT_EQ(seen[0].failures_since_recovery, 5);
  EXPECT_EQ(seen[0].detail, "meta 131000");
  EXPECT_EQ(seen[0].at, clock_.now());
  EXPECT_EQ(seen[0].sequence, 1u);
}

TEST_F(CircuitBreakerTest, ReportsEveryTransitionOfARecoveryInOrder) {
  open();
  halfOpen();
  breaker_.onSuccess();
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  ASSERT_TRUE(breaker_.tryAcquire());
  breaker_.onSuccess();
  const auto seen = transitions();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].from, BreakerState::Open);
  EXPECT_EQ(seen[1].to, BreakerState::HalfOpen);
  EXPECT_EQ(seen[1].sequence, 2u);
  EXPECT_EQ(seen[2].from, BreakerState::HalfOpen);
  EXPECT_EQ(seen[2].to, BreakerState::Closed);
  EXPECT_EQ(seen[2].failures_in_window, 0);
  EXPECT_EQ(seen[2].failures_since_recovery, 0);
  EXPECT_EQ(seen[2].sequence, 3u);
}

TEST_F(CircuitBreakerTest, ReportsNothingWithoutAStateChange) {
  fail(4);
  breaker_.onSuccess();
  breaker_.onIgnored();
  EXPECT_TRUE(transitions().empty());
}

TEST_F(CircuitBreakerTest, CallbackMayCallBackIntoTheBreaker) {
  BreakerState seen_inside = BreakerState::Closed;
  CircuitBreaker breaker("twilio", CircuitBreakerConfig{}, clock_,
                         [&](const BreakerTransition&) { seen_inside = breaker.state(); });
  for (int i = 0; i < 5; ++i) breaker.onFailure("http 500");
  EXPECT_EQ(seen_inside, BreakerState::Open);
}

TEST(BreakerStateTest, ToStringGivesStoredNames) {
  EXPECT_EQ(toString(BreakerState::Closed), "CLOSED");
  EXPECT_EQ(toString(BreakerState::Open), "OPEN");
  EXPECT_EQ(toString(BreakerState::HalfOpen), "HALF_OPEN");
  EXPECT_EQ(toString(BreakerState::Shutdown), "SHUTDOWN");
}

TEST(CircuitBreakerConfigTest, RejectsCountsBelowOne) {
  ManualClock clock;
  CircuitBreakerConfig config;
  config.half_open_max_calls = 0;
  EXPECT_THROW(CircuitBreaker("meta", config, clock), std::invalid_argument);
}

TEST(CircuitBreakerConfigTest, RejectsNegativeDurations) {
  ManualClock clock;
  CircuitBreakerConfig config;
  config.recovery_timeout = milliseconds(-1);
  EXPECT_THROW(CircuitBreaker("meta", config, clock), std::invalid_argument);
}

}  // namespace
}  // namespace mensajero::resilience
