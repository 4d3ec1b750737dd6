#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "delivery/dispatcher.h"
#include "resilience/deadline_timer.h"

namespace mensajero::delivery {

using FirstAttemptDone = std::function<void(const AttemptOutcome&)>;

// Waits for the first attempt of a just-accepted (and leased) message without holding a
// thread: `done` is called exactly once, with the dispatcher's outcome when it comes within
// `wait`, else with "queued" from the timer's thread. "queued" also when the dispatcher
// refuses the message (its lease then lapses and the poller takes it). The message is
// durable already, so giving up only changes the answer.
//
// Ownership: the timer holds the wait until it ends, the dispatcher only a weak reference,
// so DeadlineTimer::stop() destroys every wait still running (and `done` with it) without
// calling it. `done` runs on a dispatcher worker or the timer's thread (on the calling
// thread when the dispatcher refuses the message) and must be short.
void awaitFirstAttempt(Dispatcher& dispatcher, resilience::DeadlineTimer& timer,
                       const std::string& message_id, std::chrono::milliseconds wait,
                       FirstAttemptDone done);

}  // namespace mensajero::delivery
