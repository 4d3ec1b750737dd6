#include "timer_queue.h"

#include <vector>

namespace mensajero::provider_sim {

TimerQueue::TimerQueue(OnShutdown on_shutdown)
    : on_shutdown_(on_shutdown), thread_([this] { run(); }) {}

TimerQueue::~TimerQueue() { shutdown(); }

void TimerQueue::schedule(Clock::time_point at, Task task) {
  {
    std::lock_guard lock(mutex_);
    if (!stopped_) {
      const bool new_earliest = tasks_.empty() || at < tasks_.begin()->first.first;
      tasks_.emplace(Key{at, next_seq_++}, std::move(task));
      if (new_earliest) {
        wake_.notify_one();
      }
      queued_.notify_all();
      return;
    }
  }
  if (on_shutdown_ == OnShutdown::RunNow) {
    task();
  }
}

void TimerQueue::clear() {
  std::lock_guard lock(mutex_);
  tasks_.clear();
}

std::size_t TimerQueue::size() const {
  std::lock_guard lock(mutex_);
  return tasks_.size();
}

bool TimerQueue::waitForSizeForTest(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return queued_.wait_for(lock, timeout, [&] { return tasks_.size() >= n; });
}

void TimerQueue::shutdown() {
  std::vector<Task> leftover;
  {
    std::lock_guard lock(mutex_);
    if (stopped_) {
      return;
    }
    stopped_ = true;
    for (auto& [key, task] : tasks_) {
      leftover.push_back(std::move(task));
    }
    tasks_.clear();
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
  if (on_shutdown_ == OnShutdown::RunNow) {
    for (auto& task : leftover) {
      task();
    }
  }
}

void TimerQueue::run() {
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    if (tasks_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto due = tasks_.begin()->first.first;
    if (Clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;  // re-check: an earlier task or shutdown may have arrived
    }
    Task task = std::move(tasks_.begin()->second);
    tasks_.erase(tasks_.begin());
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace mensajero::provider_sim
