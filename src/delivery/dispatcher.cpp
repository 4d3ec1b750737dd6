#include "delivery/dispatcher.h"

#include <utility>

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>

#include "common/thread_name.h"
#include "core/channel_plan.h"
#include "core/service_window.h"
#include "delivery/media_upload.h"
#include "delivery/template_gate.h"
#include "monitoring/gateway_metrics.h"

namespace mensajero::delivery {

namespace {

double defaultRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// Only failures that say the provider (or the path to it) is unwell trip the breaker:
// timeouts, connection errors, 5xx and throttling. A refusal that is the message's own
// fault proves the provider is up.
void reportOutcome(resilience::CircuitBreaker& breaker,
                   const Result<channels::SendAccepted>& sent) {
  if (sent) {
    breaker.onSuccess();
  } else if (sent.error().category == ErrorCategory::Retryable) {
    breaker.onFailure(sent.error().code);
  } else {
    breaker.onIgnored();
  }
}

}  // namespace

Dispatcher::Dispatcher(storage::Store& store, ChannelRegistry& channels, BreakerBoard& breakers,
                       const resilience::Clock& clock, Options options)
    : store_(store),
      channels_(channels),
      breakers_(breakers),
      clock_(clock),
      options_(std::move(options)),
      limits_(options_.limits, clock,
              [&channels](const std::string& id) { return channels.limitsOf(id); }) {
  if (!options_.random) options_.random = defaultRandom;
  breakers_.setOnAdmitting([this] { wakePoller(); });
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::start() {
  std::lock_guard lock(mutex_);
  if (poller_.joinable()) return;
  stopping_ = false;
  for (int i = 0; i < options_.workers; ++i) {
    workers_.emplace_back([this] {
      nameThisThread("delivery");
      workerLoop();
    });
  }
  poller_ = std::thread([this] {
    nameThisThread("outbox-poller");
    pollerLoop();
  });
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  poll_wake_.notify_all();
  work_ready_.notify_all();
  stop_requested_.notify_all();
  if (poller_.joinable()) poller_.join();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
  workers_.clear();
}

bool Dispatcher::submit(std::string message_id, AttemptCallback done) {
  return enqueue(Job{std::move(message_id), std::move(done)});
}

bool Dispatcher::enqueue(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.queue_capacity) return false;
    queue_.push_back(std::move(job));
  }
  work_ready_.notify_one();
  return true;
}

void Dispatcher::wakePoller() {
  {
    std::lock_guard lock(mutex_);
    poll_now_ = true;
  }
  poll_wake_.notify_all();
}

std::size_t Dispatcher::queued() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Dispatcher::workerLoop() {
  while (true) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      // Drain what is queued even when stopping: those messages are leased to us, and
      // attempting them now beats leaving them for the lease to expire.
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    const AttemptOutcome outcome = attempt(job);
    if (job.done) job.done(outcome);
  }
}

void Dispatcher::pollerLoop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      poll_wake_.wait_for(lock, std::chrono::milliseconds(options_.poll_interval_ms),
                          [this] { return stopping_ || poll_now_; });
      if (stopping_) return;
      poll_now_ = false;
    }
    claimDue();
    purgeExpiredIdempotencyKeys();
  }
}

void Dispatcher::purgeExpiredIdempotencyKeys() {
  constexpr std::int64_t kEveryMs = 3'600'000;
  const std::int64_t now = clock_.monotonicMillis();
  if (last_key_purge_ms_ >= 0 && now - last_key_purge_ms_ < kEveryMs) return;
  last_key_purge_ms_ = now;
  if (auto purged = store_.purgeIdempotencyKeysBefore(clock_.now()); !purged) {
    spdlog::warn("purging expired idempotency keys failed: {}", purged.error().message);
  }
}

AttemptOutcome Dispatcher::attempt(const Job& job) {
  const std::string& message_id = job.message_id;
  auto found = store_.findMessage(message_id);
  if (!found || !*found) {
    spdlog::error("message {} vanished before its attempt", message_id);
    return {"queued", std::nullopt, std::nullopt};
  }
  storage::MessageRecord message = std::move(**found);
  bool holds_channel_token = job.holds_channel_token;
  // Each pass either ends or moves the message forward in its plan, so this ends too.
  for (;;) {
    AttemptOutcome outcome;
    std::optional<storage::MessageRecord> moved_to;
    if (message.delivery_status != domain::DeliveryStatus::Pending) {
      outcome = {std::string(domain::toText(message.delivery_status)), std::nullopt, std::nullopt};
    } else {
      outcome = attemptStep(message, holds_channel_token, moved_to);
    }
    if (moved_to) {
      message = std::move(*moved_to);
      holds_channel_token = false;  // the token was the earlier channel's
      continue;
    }
    if (message.plan_step > 0) {
      outcome.fallback_used = core::channelAtStep(message.channel_plan, message.plan_step);
    }
    return outcome;
  }
}

AttemptOutcome Dispatcher::attemptStep(const storage::MessageRecord& message,
                                       bool holds_channel_token,
                                       std::optional<storage::MessageRecord>& moved_to) {
  const bool can_fall_back = core::hasStepAfter(message.channel_plan, message.plan_step);
  const std::string instance_id = message.channel_instance_id.value_or("");
  if (can_fall_back && instanceDisabled(instance_id)) {
    if ((moved_to = fallBack(message, "channel_disabled", std::nullopt))) return {};
    // No later channel can take it now. Claims hand out such a message (it could fall back),
    // so it waits a while untried rather than be claimed again at every poll.
    constexpr long long kDisabledRecheckMs = 30'000;
    Error disabled = makeError(ErrorCategory::Unavailable, "channel_disabled",
                               "the channel is disabled and no fallback channel can take the "
                               "message now; it is queued");
    disabled.retry_after_ms = kDisabledRecheckMs;
    return defer(message, disabled);
  }
  // Decided at each attempt (scheduled and retried messages too) and before the limits, so a
  // message the provider would refuse takes no token or breaker permit. The refusal goes the
  // way of a provider's Fallback error: the next step of the plan, or a permanent failure.
  // The window holds free-form messages, the gate templates: never both.
  const std::optional<Error> window_closed = outsideServiceWindow(message);
  // A template paused or disabled since acceptance never reaches WhatsApp (issue 11).
  const std::optional<Error> refused_here =
      window_closed ? window_closed : templateGate(store_, message);
  auto channel = channels_.get(instance_id);
  resilience::CircuitBreaker* breaker = nullptr;  // set once the breaker admits the call
  if (channel && !refused_here) {
    if (auto refused = holdBack(message, holds_channel_token, breaker)) {
      if (can_fall_back && refused->code == "circuit_open") {
        if ((moved_to = fallBack(message, refused->code, std::nullopt))) return {};
      }
      return defer(message, *refused);
    }
  }
  // A media message sent by mediaId needs the provider's id for its file (uploaded once).
  const Result<std::string> metadata = channel && !refused_here
                                           ? metadataWithProviderMedia(store_, **channel, message)
                                           : Result<std::string>(message.metadata);
  const Result<channels::SendAccepted> sent =
      refused_here ? Result<channels::SendAccepted>(*refused_here)
      : !channel   ? Result<channels::SendAccepted>(channel.error())
      : !metadata  ? Result<channels::SendAccepted>(metadata.error())
                   : (*channel)->send({message.id, message.recipient, message.message_type,
                                       message.content, *metadata});
  if (breaker != nullptr) reportOutcome(*breaker, sent);

  AttemptOutcome outcome;
  const storage::SendAttemptRecord record = classify(message, sent, outcome);
  if (can_fall_back && !sent &&
      core::failureAllowsFallback(sent.error(), record.outcome == domain::AttemptOutcome::Failed)) {
    if ((moved_to = fallBack(message, sent.error().code, record))) return {};
  }
  auto applied = store_.recordSendAttempt(record);
  if (!applied) {
    // The provider may have accepted it; the lease expires and the message is attempted
    // again: at-least-once, documented in docs/ARCHITECTURE.md.
    spdlog::error("recording the attempt of message {} failed: {}", message.id,
                  applied.error().message);
    return {"queued", std::nullopt, std::nullopt};
  }
  if (*applied == storage::AttemptApplied::LeaseLost) {
    spdlog::warn("message {}: lease lost before the outcome was recorded", message.id);
  } else {
    countAttempt(record);
  }
  spdlog::info("message {} attempt {}: {}{}", message.id, message.attempts,
               domain::toText(record.outcome),
               record.error_code ? " (" + *record.error_code + ")" : "");
  return outcome;
}

std::optional<Error> Dispatcher::outsideServiceWindow(const storage::MessageRecord& message) const {
  if (!options_.enforce_service_window) return std::nullopt;
  // The window's start comes with the message (Store::findMessage reads the conversation's
  // last inbound time in the same query), so every instance decides from the same row.
  return core::serviceWindowRefusal(core::channelAtStep(message.channel_plan, message.plan_step),
                                    message.message_type, message.conversation_last_inbound_at,
                                    clock_.now());
}

std::optional<Error> Dispatcher::holdBack(const storage::MessageRecord& message,
                                          bool holds_channel_token,
                                          resilience::CircuitBreaker*& admitted_by) {
  const std::string& instance_id = *message.channel_instance_id;
  if (auto wait = limits_.takePair(instance_id, message.recipient)) {
    Error error = makeError(ErrorCategory::Retryable, "pair_rate_limited",
                            "the recipient's pair rate limit is reached; the message is queued");
    error.retry_after_ms = wait->count();
    return error;
  }
  // An immediate send whose channel has a due backlog the limits hold back must not take a
  // token ahead of it: it goes back due and the gated claim takes it in priority order. So
  // does one still without a token after the pacing wait.
  if (!holds_channel_token && (backlogged(instance_id) || paceChannel(instance_id))) {
    return makeError(ErrorCategory::Retryable, "channel_rate_limited",
                     "the channel's rate limit is reached; the message is queued");
  }
  resilience::CircuitBreaker& breaker = breakers_.forChannel(instance_id);
  resilience::Permit permit = breaker.tryAcquire();
  if (!permit && permit.state == resilience::BreakerState::Shutdown &&
      breakers_.resetIfReenabled(instance_id)) {
    permit = breaker.tryAcquire();
  }
  if (!permit) {
    // The message goes back due as it was: the gated claim leaves the channel alone while its
    // breaker admits nothing and takes its backlog, in priority order, as soon as it admits
    // calls again (the board wakes the poller). Deferring by the breaker's wait instead kept
    // messages refused in half-open waiting a whole further period after it closed.
    return makeError(ErrorCategory::Unavailable, "circuit_open",
                     "the channel's circuit breaker is open; the message is queued");
  }
  admitted_by = &breaker;
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> Dispatcher::paceChannel(
    const std::string& channel_instance_id) {
  while (auto wait = limits_.takeChannel(channel_instance_id)) {
    if (*wait > options_.max_pacing_wait) return wait;
    std::unique_lock lock(mutex_);
    // Pacing, not synchronisation: the bucket refills with time and nothing signals it.
    if (stop_requested_.wait_for(lock, *wait, [this] { return stopping_; })) return wait;
  }
  return std::nullopt;
}

// Counted once the attempt is recorded: a message is sent (or failed) when the store says so.
void Dispatcher::countAttempt(const storage::SendAttemptRecord& record) const {
  const monitoring::InstanceLabels labels =
      monitoring::instanceLabels(record.channel_instance_id.value_or(""));
  const std::string channel_type = record.channel_type.value_or(labels.channel_type);
  auto& metrics = monitoring::gatewayMetrics();
  metrics.attempts
      .with({channel_type, labels.provider, std::string(domain::toText(record.outcome))})
      .inc();
  if (record.outcome == domain::AttemptOutcome::Sent) {
    metrics.messages.with({channel_type, labels.provider, "sent"}).inc();
  } else if (record.outcome == domain::AttemptOutcome::Failed) {
    metrics.messages.with({channel_type, labels.provider, "failed"}).inc();
  }
}

AttemptOutcome Dispatcher::defer(const storage::MessageRecord& message, const Error& reason) {
  storage::SendAttemptRecord record;
  record.message_id = message.id;
  record.lease_owner = options_.owner;
  record.attempted_at = clock_.now();
  record.outcome = domain::AttemptOutcome::Deferred;
  record.next_attempt_at = reason.retry_after_ms ? record.attempted_at + *reason.retry_after_ms
                                                 : message.next_attempt_at;
  if (auto applied = store_.recordSendAttempt(record); !applied) {
    // The lease expires instead and the message is claimed again: nothing is lost.
    spdlog::warn("deferring message {} failed: {}", message.id, applied.error().message);
  } else if (*applied == storage::AttemptApplied::Applied) {
    record.channel_instance_id = message.channel_instance_id;
    record.channel_type = core::channelAtStep(message.channel_plan, message.plan_step);
    countAttempt(record);
    if (reason.code == "pair_rate_limited" || reason.code == "channel_rate_limited") {
      monitoring::gatewayMetrics().rate_limit_deferrals.with({reason.code}).inc();
    }
  }
  spdlog::debug("message {} deferred {} ms: {}", message.id, reason.retry_after_ms.value_or(0),
                reason.code);
  return {"queued", reason, std::nullopt};
}

storage::SendAttemptRecord Dispatcher::classify(const storage::MessageRecord& message,
                                                const Result<channels::SendAccepted>& sent,
                                                AttemptOutcome& outcome) const {
  storage::SendAttemptRecord record;
  record.message_id = message.id;
  record.lease_owner = options_.owner;
  record.attempted_at = clock_.now();
  record.channel_instance_id = message.channel_instance_id;
  record.channel_type = core::channelAtStep(message.channel_plan, message.plan_step);
  if (sent) {
    record.outcome = domain::AttemptOutcome::Sent;
    record.external_id = sent->external_id;
    outcome = {"sent", std::nullopt, std::nullopt};
    return record;
  }
  const Error& error = sent.error();
  record.error_code = error.code;
  record.error_message = error.message;
  const int attempts_made = std::max(message.attempts, 1);
  const std::chrono::milliseconds age(record.attempted_at - message.created_at);
  if (error.retryable() && !resilience::shouldGiveUp(options_.backoff, attempts_made, age)) {
    std::optional<std::chrono::milliseconds> retry_after;
    if (error.retry_after_ms) retry_after = std::chrono::milliseconds(*error.retry_after_ms);
    const auto delay =
        resilience::nextDelay(options_.backoff, attempts_made, options_.random(), retry_after);
    record.outcome = domain::AttemptOutcome::Retry;
    record.next_attempt_at = record.attempted_at + delay.count();
    outcome = {"queued", error, std::nullopt};
  } else {
    record.outcome = domain::AttemptOutcome::Failed;
    outcome = {"failed", error, std::nullopt};
  }
  return record;
}

}  // namespace mensajero::delivery
