#include "timer_queue.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include <gtest/gtest.h>

namespace mensajero::provider_sim {
namespace {

using std::chrono::milliseconds;

// Collects task output and lets the test wait for a number of tasks.
class Log {
 public:
  void add(char c) {
    std::lock_guard lock(mutex_);
    text_ += c;
    changed_.notify_all();
  }
  std::string waitFor(std::size_t n) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, std::chrono::seconds(5), [&] { return text_.size() >= n; });
    return text_;
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
};

TEST(TimerQueueTest, RunsTasksByDueTimeThenByScheduleOrder) {
  TimerQueue queue(TimerQueue::OnShutdown::Discard);
  Log log;
  const auto base = TimerQueue::Clock::now() + milliseconds(50);
  queue.schedule(base + milliseconds(20), [&] { log.add('c'); });
  queue.schedule(base, [&] { log.add('a'); });
  queue.schedule(base, [&] { log.add('b'); });
  queue.schedule(base - milliseconds(40), [&] { log.add('0'); });
  EXPECT_EQ(log.waitFor(4), "0abc");
}

TEST(TimerQueueTest, DoesNotRunATaskBeforeItIsDue) {
  TimerQueue queue(TimerQueue::OnShutdown::Discard);
  Log log;
  const auto due = TimerQueue::Clock::now() + milliseconds(100);
  TimerQueue::Clock::time_point ran_at;
  queue.schedule(due, [&] {
    ran_at = TimerQueue::Clock::now();
    log.add('x');
  });
  ASSERT_EQ(log.waitFor(1), "x");
  EXPECT_GE(ran_at, due);
}

TEST(TimerQueueTest, ShutdownRunNowRunsPendingAndLaterTasksInline) {
  TimerQueue queue(TimerQueue::OnShutdown::RunNow);
  Log log;
  queue.schedule(TimerQueue::Clock::now() + std::chrono::hours(1), [&] { log.add('p'); });
  queue.shutdown();
  EXPECT_EQ(log.text(), "p");
  queue.schedule(TimerQueue::Clock::now() + std::chrono::hours(1), [&] { log.add('l'); });
  EXPECT_EQ(log.text(), "pl");
}

TEST(TimerQueueTest, ShutdownDiscardDropsPendingTasks) {
  TimerQueue queue(TimerQueue::OnShutdown::Discard);
  Log log;
  queue.schedule(TimerQueue::Clock::now() + std::chrono::hours(1), [&] { log.add('p'); });
  queue.shutdown();
  queue.schedule(TimerQueue::Clock::now(), [&] { log.add('l'); });
  EXPECT_EQ(log.text(), "");
  EXPECT_EQ(queue.size(), 0u);
}

TEST(TimerQueueTest, ClearDropsTasksThatHaveNotStarted) {
  TimerQueue queue(TimerQueue::OnShutdown::Discard);
  Log log;
  queue.schedule(TimerQueue::Clock::now() + std::chrono::hours(1), [&] { log.add('p'); });
  queue.clear();
  queue.schedule(TimerQueue::Clock::now(), [&] { log.add('n'); });
  EXPECT_EQ(log.waitFor(1), "n");
}

}  // namespace
}  // namespace mensajero::provider_sim
