// CircuitBreaker::admissibleCalls(): what the dispatcher's claim may take on for a channel
// (issue 8 item 8), on a ManualClock with the spec's defaults.
#include <limits>

#include "unit/resilience/breaker_fixture.h"

namespace mensajero::resilience {
namespace {

TEST_F(CircuitBreakerTest, AdmitsWithoutBoundWhileClosed) {
  EXPECT_EQ(breaker_.admissibleCalls(), std::numeric_limits<int>::max());
}

TEST_F(CircuitBreakerTest, AdmitsNothingWhileOpenUntilTheRecoveryTimeoutThenTheTrials) {
  open();
  EXPECT_EQ(breaker_.admissibleCalls(), 0);
  clock_.advance(seconds(30) - milliseconds(1));
  EXPECT_EQ(breaker_.admissibleCalls(), 0);
  clock_.advance(milliseconds(1));
  EXPECT_EQ(breaker_.admissibleCalls(), 3);
  EXPECT_EQ(breaker_.state(), BreakerState::Open);  // asking moves nothing
}

TEST_F(CircuitBreakerTest, AdmitsTheTrialsLeftWhileHalfOpenAndAllOnceClosed) {
  open();
  halfOpen();  // one trial taken
  EXPECT_EQ(breaker_.admissibleCalls(), 2);
  ASSERT_TRUE(breaker_.tryAcquire());
  ASSERT_TRUE(breaker_.tryAcquire());
  EXPECT_EQ(breaker_.admissibleCalls(), 0);
  breaker_.onIgnored();  // a trial that proved nothing frees its slot
  EXPECT_EQ(breaker_.admissibleCalls(), 1);
  ASSERT_TRUE(breaker_.tryAcquire());
  for (int i = 0; i < 3; ++i) breaker_.onSuccess();
  ASSERT_EQ(breaker_.state(), BreakerState::Closed);
  EXPECT_EQ(breaker_.admissibleCalls(), std::numeric_limits<int>::max());
}

TEST_F(CircuitBreakerTest, AdmitsNothingOnceShutDown) {
  fail(50);
  ASSERT_EQ(breaker_.state(), BreakerState::Shutdown);
  clock_.advance(seconds(3600));
  EXPECT_EQ(breaker_.admissibleCalls(), 0);
}

}  // namespace
}  // namespace mensajero::resilience
