#pragma once

#include <utility>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace mensajero::provider_sim {

// One thread that runs tasks at their due time, earliest first; tasks due at the same time
// run in the order they were scheduled. The thread sleeps on a condition variable until the
// earliest task is due, so nothing polls.
// Tasks run one at a time on the queue's thread; a slow task delays the ones after it.
// Thread-safe: schedule/clear/size/shutdown may be called from any thread, including from a
// task (except shutdown).
class TimerQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Task = std::function<void()>;

  // What shutdown does with tasks that have not run yet, and with tasks scheduled later.
  enum class OnShutdown {
    RunNow,   // run them at once on the caller's thread (later ones run inline)
    Discard,  // drop them (later ones are dropped too)
  };

  explicit TimerQueue(OnShutdown on_shutdown);
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  void schedule(Clock::time_point at, Task task);
  // Drops every task that has not started.
  void clear();
  std::size_t size() const;
  // Waits until at least `n` tasks are queued or `timeout` passes; true when they are.
  bool waitForSizeForTest(std::size_t n, std::chrono::milliseconds timeout) const;
  // Stops the thread (waiting for a running task) and applies OnShutdown. Idempotent.
  void shutdown();

 private:
  using Key = std::pair<Clock::time_point, std::uint64_t>;

  void run();

  const OnShutdown on_shutdown_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;            // the queue thread waits on it
  mutable std::condition_variable queued_;  // notified on every schedule
  std::map<Key, Task> tasks_;               // guarded by mutex_
  std::uint64_t next_seq_ = 0;              // guarded by mutex_
  bool stopped_ = false;                    // guarded by mutex_
  std::thread thread_;
};

}  // namespace mensajero::provider_sim
