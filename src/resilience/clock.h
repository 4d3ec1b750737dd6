#pragma once

#include <atomic>
#include <chrono>

#include "common/time_format.h"

namespace mensajero::resilience {

// The one source of time for timeouts, windows, leases and backoff, so tests can control
// it. Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time, for what is stored and shown.
  virtual UnixMillis now() const = 0;
  // Monotonic time in milliseconds, for measuring intervals; never jumps backwards.
  virtual std::int64_t monotonicMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixMillis now() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  std::int64_t monotonicMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that moves only when told to. Both readings advance together.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(UnixMillis start = 1'767'225'600'000 /* 2026-01-01T00:00:00Z */)
      : now_(start) {}
  UnixMillis now() const override { return now_.load(); }
  std::int64_t monotonicMillis() const override { return now_.load(); }
  void advance(std::chrono::milliseconds by) { now_ += by.count(); }
  void set(UnixMillis at) { now_ = at; }

 private:
  std::atomic<UnixMillis> now_;
};

}  // namespace mensajero::resilience
