#include "notify/delivery_guard.h"

#include <vector>

#include <gtest/gtest.h>

namespace mensajero::notify {
namespace {

using namespace std::chrono_literals;

// The guard's waits advance the manual clock instead of sleeping, and record themselves.
class DeliveryGuardTest : public ::testing::Test {
 protected:
  DeliveryGuard makeGuard(DeliverySettings settings) {
    return DeliveryGuard(
        "notifier:test", settings, clock_,
        [this](std::chrono::milliseconds delay) {
          waits_.push_back(delay);
          clock_.advance(delay);
        },
        [] { return 0.5; });
  }

  static Status retryable() {
    return makeError(ErrorCategory::Retryable, "notifier_http_503", "x");
  }

  resilience::ManualClock clock_;
  std::vector<std::chrono::milliseconds> waits_;
};

TEST_F(DeliveryGuardTest, RetriesARetryableFailureThenSucceeds) {
  DeliveryGuard guard = makeGuard({});
  int calls = 0;
  Status status = guard.run([&]() -> Status { return ++calls == 1 ? retryable() : Status{}; });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 2);
  ASSERT_EQ(waits_.size(), 1u);
  EXPECT_EQ(waits_[0], 250ms);  // half of the 500 ms base (jitter 0.5)
}

TEST_F(DeliveryGuardTest, APermanentFailureIsNotRetried) {
  DeliveryGuard guard = makeGuard({});
  int calls = 0;
  Status status = guard.run([&]() -> Status {
    ++calls;
    return makeError(ErrorCategory::Permanent, "notifier_http_404", "gone");
  });
  EXPECT_EQ(status.error().code, "notifier_http_404");
  EXPECT_EQ(calls, 1);
}

TEST_F(DeliveryGuardTest, GivesUpAfterMaxAttempts) {
  DeliverySettings settings;
  settings.max_attempts = 3;
  DeliveryGuard guard = makeGuard(settings);
  int calls = 0;
  Status status = guard.run([&] {
    ++calls;
    return retryable();
  });
  EXPECT_EQ(status.error().code, "notifier_http_503");
  EXPECT_EQ(calls, 3);
}

TEST_F(DeliveryGuardTest, GivesUpWhenTheNextWaitWouldPassTheTimeBudget) {
  DeliverySettings settings;
  settings.max_attempts = 100;
  settings.max_total = 1000ms;
  DeliveryGuard guard = makeGuard(settings);
  int calls = 0;
  Status status = guard.run([&] {
    ++calls;
    return retryable();
  });
  EXPECT_FALSE(status.ok());
  std::chrono::milliseconds waited{0};
  for (auto wait : waits_) waited += wait;
  EXPECT_LT(waited, 1000ms);
  EXPECT_LT(calls, 100);
}

TEST_F(DeliveryGuardTest, RetryAfterIsHonoured) {
  DeliveryGuard guard = makeGuard({});
  int calls = 0;
  Status status = guard.run([&]() -> Status {
    if (++calls > 1) return {};
    Error error = makeError(ErrorCategory::Retryable, "notifier_http_429", "slow down");
    error.retry_after_ms = 3000;
    return error;
  });
  EXPECT_TRUE(status.ok());
  ASSERT_EQ(waits_.size(), 1u);
  EXPECT_EQ(waits_[0], 3000ms);
}

TEST_F(DeliveryGuardTest, BreakerOpensAfterRepeatedFailuresAndRefusesWithoutCalling) {
  DeliverySettings settings;
  settings.max_attempts = 1;
  settings.breaker_failure_threshold = 2;
  DeliveryGuard guard = makeGuard(settings);
  int calls = 0;
  auto failing = [&] {
    ++calls;
    return retryable();
  };
  EXPECT_FALSE(guard.run(failing).ok());
  EXPECT_FALSE(guard.run(failing).ok());
  EXPECT_EQ(guard.breakerState(), resilience::BreakerState::Open);
  Status refused = guard.run(failing);
  EXPECT_EQ(refused.error().code, "notifier_circuit_open");
  EXPECT_EQ(calls, 2);
}

TEST_F(DeliveryGuardTest, OpenBreakerAdmitsATrialAfterRecoveryAndClosesOnSuccess) {
  DeliverySettings settings;
  settings.max_attempts = 1;
  settings.breaker_failure_threshold = 1;
  settings.breaker_recovery = 10s;
  DeliveryGuard guard = makeGuard(settings);
  EXPECT_FALSE(guard.run([] { return retryable(); }).ok());
  EXPECT_EQ(guard.run([] { return Status{}; }).error().code, "notifier_circuit_open");
  clock_.advance(10s);
  EXPECT_TRUE(guard.run([] { return Status{}; }).ok());
  EXPECT_EQ(guard.breakerState(), resilience::BreakerState::Closed);
}

}  // namespace
}  // namespace mensajero::notify
