#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "resilience/circuit_breaker.h"
#include "resilience/clock.h"

namespace mensajero::resilience {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A breaker with the spec's defaults on a ManualClock, recording every transition.
class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest() : breaker_("meta", CircuitBreakerConfig{}, clock_, recorder()) {}

  TransitionCallback recorder() {
    return [this](const BreakerTransition& transition) {
      std::lock_guard lock(mutex_);
      transitions_.push_back(transition);
    };
  }

  void fail(int times, const std::string& detail = "http 503") {
    for (int i = 0; i < times; ++i) breaker_.onFailure(detail);
  }

  // Closed -> Open with five failures at the current time.
  void open() {
    fail(5);
    ASSERT_EQ(breaker_.state(), BreakerState::Open);
  }

  // Open -> HalfOpen: waits out the recovery timeout and takes the first trial.
  void halfOpen() {
    clock_.advance(seconds(30));
    ASSERT_TRUE(breaker_.tryAcquire());
    ASSERT_EQ(breaker_.state(), BreakerState::HalfOpen);
  }

  std::vector<BreakerTransition> transitions() {
    std::lock_guard lock(mutex_);
    return transitions_;
  }

  ManualClock clock_;
  std::mutex mutex_;
  std::vector<BreakerTransition> transitions_;  // guarded by mutex_
  CircuitBreaker breaker_;
};

}  // namespace mensajero::resilience
