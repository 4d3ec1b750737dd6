#pragma once

#include <utility>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace mensajero::resilience {

// Runs callbacks at deadlines on one thread of its own, so that many waits (API requests
// waiting for a provider's first attempt) hold no thread each. Callbacks run one at a time
// and must be short: a slow one delays the ones after it. Thread-safe.
//
// NOTE: deadlines are real steady time, not resilience::Clock: this paces waits of real
// threads; what happens when a wait ends is decided by the caller and tested there.
class DeadlineTimer {
 public:
  using Id = std::uint64_t;

  DeadlineTimer();
  ~DeadlineTimer();  // stop()
  DeadlineTimer(const DeadlineTimer&) = delete;
  DeadlineTimer& operator=(const DeadlineTimer&) = delete;

  // Runs `callback` once, `after` from now, unless cancelled first. After stop() the callback
  // is destroyed at once, never run.
  Id schedule(std::chrono::milliseconds after, std::function<void()> callback);
  // True when the callback had not run yet: it is destroyed here, on the caller's thread.
  bool cancel(Id id);
  // Destroys every callback not yet run, without running it, and joins the thread.
  // Idempotent.
  void stop();

  std::size_t pendingForTest() const;
  // How many times schedule() woke the thread, and until when the thread sleeps (what the next
  // schedule() compares with).
  std::size_t wakeupsForTest() const;
  std::chrono::steady_clock::time_point sleepsUntilForTest() const;

 private:
  using Deadline = std::chrono::steady_clock::time_point;
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::pair<Deadline, Id>, std::function<void()>> due_;  // guarded by mutex_
  std::map<Id, Deadline> deadlines_;                              // guarded by mutex_
  Id next_id_ = 1;                                                // guarded by mutex_
  bool stopping_ = false;                                         // guarded by mutex_
  // When the thread next looks at due_ by itself: the deadline it sleeps until, max while it
  // sleeps with nothing due, min while it is awake (guarded by mutex_). schedule() wakes it
  // only for an earlier deadline. Off saturation a send's wait is mostly cancelled long before
  // it is due, so the set was often empty at the next send's schedule(), and waking the
  // thread then, to find a deadline seconds away, cost two context switches (issue 13).
  Deadline sleeps_until_ = Deadline::min();
  std::size_t wakeups_ = 0;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::resilience
