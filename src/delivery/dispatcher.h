#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "delivery/breaker_board.h"
#include "delivery/channel_registry.h"
#include "delivery/send_limits.h"
#include "resilience/backoff.h"
#include "resilience/clock.h"
#include "storage/store.h"

namespace mensajero::delivery {

// The outcome of one delivery attempt as the API reports it.
struct AttemptOutcome {
  std::string status;  // sent | failed | queued (will be retried, or not attempted yet)
  std::optional<Error> error;
  // The channel type the message is on when it is not its plan's first: it fell back.
  std::optional<std::string> fallback_used = std::nullopt;
};

using AttemptCallback = std::function<void(const AttemptOutcome&)>;

// The outbox worker pool. Messages are durable before they reach it; it only ever works on
// messages leased to its owner id, so a crash loses nothing: the lease expires and a poller
// (this one after a restart, or another instance's) claims the message again.
// - submit(): the API's immediate attempt of a message it has just accepted (leased).
// - a poller claims due messages (scheduled, retries, deferred, expired leases) every poll
//   interval, and at once when a circuit breaker starts admitting calls again. The channels'
//   limits gate the claim: it takes, highest priority first, only as many messages of a
//   channel instance as its token bucket and circuit breaker admit now, and takes each one's
//   token as it claims it. The rest stay in the outbox, in priority order, for a later poll:
//   no message is handed a future send slot.
// - before a provider call the recipient's pair limit, the channel's token bucket (unless the
//   claim took the token) and the channel's circuit breaker are asked, in that order. A short
//   wait for a bucket token is spent on the worker (pacing), unless the channel has a backlog
//   the limits hold back: then an immediate send queues behind it, in priority order, rather
//   than take the next token ahead of older or higher messages. A refusal by the pair limit
//   defers the message untried to the time it names; a refusal by the bucket or the breaker
//   gives it back due as it was (its place in the queue kept), for the gated claim to take
//   when they admit it. Neither counts an attempt.
// - the channel plan (core/channel_plan.h): a message whose plan has a later step leaves its
//   channel when the instance is disabled, its breaker is open, or the attempt failed in a
//   way that allows fallback (the provider says another channel may deliver, or the retries
//   ran out). The move and the lease are one store transaction; the worker then attempts the
//   next channel at once. A refusal by a rate limit never moves a message.
// Thread-safe.
class Dispatcher {
 public:
  struct Options {
    std::string owner;  // unique per process: the lease owner
    int workers = 8;
    int lease_ms = 30'000;
    int poll_interval_ms = 1'000;
    resilience::BackoffPolicy backoff;
    std::size_t queue_capacity = 10'000;
    SendLimitsConfig limits;
    // A worker waits this long at most for a channel token; longer waits defer the message.
    std::chrono::milliseconds max_pacing_wait{1'000};
    // U[0,1) for the backoff jitter; injected so tests are deterministic.
    std::function<double()> random;
    // WhatsApp's customer-service window (core/service_window.h): a free-form message on a
    // WhatsApp step whose window is closed at attempt time is never sent to the provider; it
    // falls back, or fails with outside_customer_service_window. Off only where the provider
    // does not enforce it either (tests against the simulator).
    bool enforce_service_window = true;
  };

  Dispatcher(storage::Store& store, ChannelRegistry& channels, BreakerBoard& breakers,
             const resilience::Clock& clock, Options options);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void start();
  // Stops claiming, lets the workers finish what is queued, joins the threads.
  void stop();
  // Queues an attempt of a message leased to this owner; `done` (optional) gets the outcome
  // of that attempt on a worker thread. False when the queue is full: the message stays
  // durable and the poller retries it after its lease expires.
  bool submit(std::string message_id, AttemptCallback done);

  std::size_t queued() const;

 private:
  struct Job {
    std::string message_id;
    AttemptCallback done;
    bool holds_channel_token = false;  // the claim took the channel's token for it
  };

  // What a poll's claims may take: per channel instance, what both its token bucket and its
  // breaker admit now (instances admitting nothing are in `skip`, for the claim to leave
  // alone). When the instances could not be listed, the claim is bounded by room only and
  // the workers' gates decide.
  struct ClaimGate {
    std::map<std::string, std::size_t> allowance;
    std::vector<std::string> skip;
    bool unlisted_admitted = false;
  };

  bool enqueue(Job job);
  void workerLoop();
  void pollerLoop();
  void claimDue();
  ClaimGate claimGate();
  // Queues a claimed message when its instance's allowance and token bucket admit it; else
  // gives it back due as it was, marks the instance exhausted, and returns false.
  bool admitClaimed(const storage::MessageRecord& message, ClaimGate& gate);
  void warnClaimFailed(const Error& error);
  // Updates backlogged_ from one claim: an instance that filled the allowance `offered` to it
  // has a backlog; one that did not, in a claim that took every due message it could, has
  // none. Instances the claim skipped keep what was known.
  void noteBacklogs(const std::map<std::string, std::size_t>& offered,
                    const std::vector<storage::MessageRecord>& claimed, bool claimed_all_due);
  bool backlogged(const std::string& channel_instance_id) const;
  // The poller's next claim comes now rather than after the poll interval.
  void wakePoller();
  // Idempotency keys outlive their 24 h only until this hourly sweep; the outbox poller
  // runs it because it is the gateway's one periodic store task per instance.
  void purgeExpiredIdempotencyKeys();
  AttemptOutcome attempt(const Job& job);
  // One attempt of `message` on its current step. Sets `moved_to` (and returns nothing
  // meaningful) when the message left that step for a later one instead.
  AttemptOutcome attemptStep(const storage::MessageRecord& message, bool holds_channel_token,
                             std::optional<storage::MessageRecord>& moved_to);
  // Moves the message to the next step of its plan that has a usable instance (see
  // Store::advanceChannelPlan); `left_attempt` is the failed attempt on the step it leaves,
  // if one was made. The message as moved, or nullopt when there is no such step, the move
  // failed or the lease was lost.
  std::optional<storage::MessageRecord> fallBack(
      const storage::MessageRecord& message, const std::string& reason,
      std::optional<storage::SendAttemptRecord> left_attempt);
  // The refusal of a free-form message whose step is on WhatsApp while the conversation's
  // window is closed now, or nullopt to go ahead (always when enforcement is off).
  std::optional<Error> outsideServiceWindow(const storage::MessageRecord& message) const;
  // Whether the message's instance is disabled or shut down (only asked of messages that could
  // fall back: claims leave the others alone).
  bool instanceDisabled(const std::string& channel_instance_id);
  // A refusal by a limit or the breaker before the provider call, or nullopt to go ahead
  // (then admitted_by is the breaker that admitted the call and awaits its outcome). A
  // refusal's retry_after_ms is set only when the message must wait that long (pair limit);
  // otherwise it stays due.
  std::optional<Error> holdBack(const storage::MessageRecord& message, bool holds_channel_token,
                                resilience::CircuitBreaker*& admitted_by);
  // Waits for a channel token up to max_pacing_wait; the remaining wait when that is not
  // enough (or the dispatcher is stopping), nullopt once a token is taken.
  std::optional<std::chrono::milliseconds> paceChannel(const std::string& channel_instance_id);
  // Gives the message back to the outbox untried: due after reason.retry_after_ms when set,
  // otherwise due as it was (next_attempt_at unchanged, so it keeps its place in the queue).
  AttemptOutcome defer(const storage::MessageRecord& message, const Error& reason);
  // Counts a recorded attempt (and a message sent or failed) in the gateway's metrics.
  void countAttempt(const storage::SendAttemptRecord& record) const;
  storage::SendAttemptRecord classify(const storage::MessageRecord& message,
                                      const Result<channels::SendAccepted>& sent,
                                      AttemptOutcome& outcome) const;

  storage::Store& store_;
  ChannelRegistry& channels_;
  BreakerBoard& breakers_;
  const resilience::Clock& clock_;
  Options options_;
  SendLimits limits_;

  mutable std::mutex mutex_;
  std::condition_variable stop_requested_;  // wakes pacing waits
  std::condition_variable work_ready_;
  std::condition_variable poll_wake_;
  std::deque<Job> queue_;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  bool poll_now_ = false;  // guarded by mutex_; set by wakePoller()
  // Channel instances whose due messages the limits currently hold back in the outbox, as the
  // last claims saw them; guarded by mutex_. Their immediate sends queue behind the backlog.
  std::set<std::string> backlogged_;
  std::vector<std::thread> workers_;
  std::thread poller_;
  std::int64_t last_key_purge_ms_ = -1;  // monotonic; poller thread only
  // Claims that failed in a row, and when the last warning about them was logged (monotonic);
  // poller thread only. An outage is logged when it starts, every 30 s while it lasts, and
  // when it ends, not at every poll.
  std::int64_t failed_claims_ = 0;
  std::int64_t last_claim_warning_ms_ = -1;
};

}  // namespace mensajero::delivery
