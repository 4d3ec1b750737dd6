#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace mensajero::testing {

// Polls `condition` until true or the timeout passes; returns its last value. For waiting on
// effects in another process or thread (webhook processing, a database session) that send no
// event this side can await, without fixed sleeps.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(15)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

}  // namespace mensajero::testing
