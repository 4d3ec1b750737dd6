#include "resilience/deadline_timer.h"

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace mensajero::resilience {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(DeadlineTimerTest, RunsACallbackNoEarlierThanItsDeadline) {
  DeadlineTimer timer;
  std::promise<steady_clock::time_point> ran;
  const auto scheduled = steady_clock::now();
  timer.schedule(milliseconds(50), [&ran] { ran.set_value(steady_clock::now()); });
  auto future = ran.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_GE(future.get() - scheduled, milliseconds(50));
}

TEST(DeadlineTimerTest, RunsCallbacksInDeadlineOrderWhateverTheOrderOfScheduling) {
  DeadlineTimer timer;
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> last;
  timer.schedule(milliseconds(60), [&] {
    std::lock_guard lock(mutex);
    order.push_back(3);
    last.set_value();
  });
  timer.schedule(milliseconds(20), [&] {
    std::lock_guard lock(mutex);
    order.push_back(1);
  });
  timer.schedule(milliseconds(40), [&] {
    std::lock_guard lock(mutex);
    order.push_back(2);
  });
  ASSERT_EQ(last.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  std::lock_guard lock(mutex);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(DeadlineTimerTest, ACancelledCallbackNeverRunsAndIsDestroyedAtOnce) {
  DeadlineTimer timer;
  std::atomic<bool> ran{false};
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  const auto id = timer.schedule(milliseconds(30), [&ran, owned] { ran = true; });
  owned.reset();
  EXPECT_TRUE(timer.cancel(id));
  EXPECT_TRUE(watch.expired());
  EXPECT_FALSE(timer.cancel(id));
  // A later callback runs, so the cancelled one had its chance to run and did not.
  std::promise<void> later;
  timer.schedule(milliseconds(60), [&later] { later.set_value(); });
  ASSERT_EQ(later.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_FALSE(ran);
}

// The timer's thread waits for the earliest deadline; cancelling that very entry meanwhile
// must leave the thread waiting on nothing freed (ASan sees it otherwise).
TEST(DeadlineTimerTest, CancellingTheEntryTheThreadWaitsForIsSafe) {
  DeadlineTimer timer;
  const auto far = timer.schedule(std::chrono::hours(1), [] {});
  std::promise<void> passed;
  timer.schedule(milliseconds(1), [&passed] { passed.set_value(); });
  ASSERT_EQ(passed.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  // Now the thread waits until the far deadline.
  EXPECT_TRUE(timer.cancel(far));
  std::promise<void> later;
  timer.schedule(milliseconds(20), [&later] { later.set_value(); });
  EXPECT_EQ(later.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

// Sends cancel their wait long before its deadline; the next send's later deadline must not
// wake the thread, which still sleeps until the cancelled one's (issue 13).
TEST(DeadlineTimerTest, ALaterDeadlineLeavesTheThreadAsleepAndAnEarlierOneWakesIt) {
  DeadlineTimer timer;
  const auto hour = std::chrono::hours(1);
  const auto before = steady_clock::now();
  const auto first = timer.schedule(hour, [] {});
  const auto after = steady_clock::now();
  const auto asleep = [&] {
    const auto until = timer.sleepsUntilForTest();
    return until >= before + hour && until <= after + hour;
  };
  while (!asleep()) std::this_thread::yield();
  // The set is empty now, but the thread still sleeps until the first deadline.
  EXPECT_TRUE(timer.cancel(first));
  const std::size_t wakeups = timer.wakeupsForTest();
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(timer.cancel(timer.schedule(2 * hour, [] {})));
  EXPECT_EQ(timer.wakeupsForTest(), wakeups) << "later deadlines woke the sleeping thread";

  std::promise<void> soon;
  timer.schedule(milliseconds(10), [&soon] { soon.set_value(); });
  EXPECT_EQ(timer.wakeupsForTest(), wakeups + 1);
  EXPECT_EQ(soon.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(DeadlineTimerTest, StopDestroysPendingCallbacksWithoutRunningThem) {
  DeadlineTimer timer;
  std::atomic<bool> ran{false};
  auto owned = std::make_shared<int>(7);
  std::weak_ptr<int> watch = owned;
  timer.schedule(std::chrono::hours(1), [&ran, owned] { ran = true; });
  owned.reset();
  EXPECT_EQ(timer.pendingForTest(), 1U);
  timer.stop();
  EXPECT_TRUE(watch.expired());
  EXPECT_FALSE(ran);
  // After stop a new callback is destroyed, not kept.
  auto again = std::make_shared<int>(8);
  std::weak_ptr<int> watch_again = again;
  timer.schedule(milliseconds(1), [again] {});
  again.reset();
  EXPECT_TRUE(watch_again.expired());
}

TEST(DeadlineTimerTest, ACallbackThatThrowsDoesNotStopLaterOnes) {
  DeadlineTimer timer;
  std::promise<void> later;
  timer.schedule(milliseconds(1), [] { throw std::runtime_error("boom"); });
  timer.schedule(milliseconds(20), [&later] { later.set_value(); });
  EXPECT_EQ(later.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

}  // namespace
}  // namespace mensajero::resilience
