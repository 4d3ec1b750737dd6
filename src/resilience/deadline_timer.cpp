#include "resilience/deadline_timer.h"

#include <vector>

namespace mensajero::resilience {

DeadlineTimer::DeadlineTimer() : thread_([this] { run(); }) {}

DeadlineTimer::~DeadlineTimer() { stop(); }

DeadlineTimer::Id DeadlineTimer::schedule(std::chrono::milliseconds after,
                                          std::function<void()> callback) {
  const Deadline deadline = std::chrono::steady_clock::now() + after;
  std::unique_lock lock(mutex_);
  if (stopping_) {
    lock.unlock();
    callback = nullptr;  // destroyed outside the lock: it may own anything
    return 0;
  }
  const Id id = next_id_++;
  const bool sooner = deadline < sleeps_until_;
  if (sooner) ++wakeups_;
  due_.emplace(std::make_pair(deadline, id), std::move(callback));
  deadlines_.emplace(id, deadline);
  lock.unlock();
  if (sooner) wake_.notify_one();
  return id;
}

bool DeadlineTimer::cancel(Id id) {
  std::function<void()> removed;
  {
    std::lock_guard lock(mutex_);
    const auto found = deadlines_.find(id);
    if (found == deadlines_.end()) return false;
    const auto entry = due_.find({found->second, id});
    removed = std::move(entry->second);
    due_.erase(entry);
    deadlines_.erase(found);
  }
  return true;  // `removed` is destroyed here, outside the lock
}

void DeadlineTimer::stop() {
  std::map<std::pair<Deadline, Id>, std::function<void()>> dropped;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    dropped.swap(due_);
    deadlines_.clear();
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::size_t DeadlineTimer::pendingForTest() const {
  std::lock_guard lock(mutex_);
  return due_.size();
}

std::size_t DeadlineTimer::wakeupsForTest() const {
  std::lock_guard lock(mutex_);
  return wakeups_;
}

std::chrono::steady_clock::time_point DeadlineTimer::sleepsUntilForTest() const {
  std::lock_guard lock(mutex_);
  return sleeps_until_;
}

void DeadlineTimer::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (due_.empty()) {
      sleeps_until_ = Deadline::max();
      wake_.wait(lock);
      sleeps_until_ = Deadline::min();
      continue;
    }
    const auto first = due_.begin();
    // A copy: cancel() may erase the entry while this thread waits for it; the thread then
    // wakes at its deadline all the same, and finds the next one.
    const Deadline deadline = first->first.first;
    if (deadline > std::chrono::steady_clock::now()) {
      sleeps_until_ = deadline;
      wake_.wait_until(lock, deadline);
      sleeps_until_ = Deadline::min();
      continue;
    }
    std::function<void()> callback = std::move(first->second);
    deadlines_.erase(first->first.second);
    due_.erase(first);
    lock.unlock();
    try {
      callback();
    } catch (...) {
      // NOTE: a failing callback must not end the thread every other wait relies on.
    }
    callback = nullptr;
    lock.lock();
  }
}

}  // namespace mensajero::resilience
