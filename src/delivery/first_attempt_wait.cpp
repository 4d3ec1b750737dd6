#include "delivery/first_attempt_wait.h"

#include <utility>

#include <memory>
#include <mutex>

namespace mensajero::delivery {
namespace {

// Whichever of the dispatcher's outcome and the deadline comes first answers; the other
// finds `done` gone.
class FirstAttemptWait {
 public:
  explicit FirstAttemptWait(FirstAttemptDone done) : done_(std::move(done)) {}

  // True when this call answered.
  bool finish(const AttemptOutcome& outcome) {
    FirstAttemptDone done;
    {
      std::lock_guard lock(mutex_);
      done = std::move(done_);
      done_ = nullptr;
    }
    if (!done) return false;
    done(outcome);
    return true;
  }

  void setTimer(resilience::DeadlineTimer::Id id) {
    std::lock_guard lock(mutex_);
    timer_ = id;
  }
  resilience::DeadlineTimer::Id timer() const {
    std::lock_guard lock(mutex_);
    return timer_;
  }

 private:
  mutable std::mutex mutex_;
  FirstAttemptDone done_;                    // guarded by mutex_; empty once answered
  resilience::DeadlineTimer::Id timer_ = 0;  // guarded by mutex_
};

// The outcome reported when no attempt finished within the wait: the message stays queued.
AttemptOutcome queuedOutcome() { return {"queued", std::nullopt}; }

}  // namespace

void awaitFirstAttempt(Dispatcher& dispatcher, resilience::DeadlineTimer& timer,
                       const std::string& message_id, std::chrono::milliseconds wait,
                       FirstAttemptDone done) {
  auto state = std::make_shared<FirstAttemptWait>(std::move(done));
  // The timer first: the dispatcher may answer before submit() returns, and then cancels it.
  state->setTimer(timer.schedule(wait, [state] { state->finish(queuedOutcome()); }));
  const std::weak_ptr<FirstAttemptWait> weak = state;
  const bool submitted =
      dispatcher.submit(message_id, [weak, &timer](const AttemptOutcome& outcome) {
        auto alive = weak.lock();
        if (alive && alive->finish(outcome)) timer.cancel(alive->timer());
      });
  if (!submitted && state->finish(queuedOutcome())) timer.cancel(state->timer());
}

}  // namespace mensajero::delivery
