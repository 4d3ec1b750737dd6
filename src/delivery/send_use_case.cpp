#include "delivery/send_use_case.h"

#include <utility>

#include <chrono>

#include <spdlog/spdlog.h>

#include "core/channel_plan.h"
#include "delivery/first_attempt_wait.h"

namespace mensajero::delivery {
namespace {

constexpr UnixMillis kIdempotencyKeyLifetimeMs = 24LL * 3600 * 1000;

// Runs the work where the outcome arrives: the answer of a send without a key writes nothing.
void runHere(const std::function<void()>& work) { work(); }

}  // namespace

SendUseCase::SendUseCase(storage::Store& store, core::SendService& sender, Dispatcher& dispatcher,
                         const resilience::Clock& clock, Options options, RenderAnswer render)
    : store_(store),
      sender_(sender),
      dispatcher_(dispatcher),
      clock_(clock),
      options_(options),
      render_(std::move(render)) {}

void SendUseCase::send(const core::SendRequest& request, SendDone done,
                       std::shared_ptr<void> held_until_accepted) {
  // No thread waits for the commit (issue 13: that wait and the wake-up after it were two of
  // the dozen context switches an immediate send cost): the store's writer completes it. The
  // callback's last copy goes when the accept has completed, or when it never will (an
  // exception on the way), and takes the in-flight count (and the caller's hold, unless the
  // callback ran and let it go first) with it.
  sender_.acceptAsync(request, options_.lease_ms,
                      [this, scheduled_at = request.scheduled_at, done = std::move(done),
                       in_flight = acceptInFlight(), held = std::move(held_until_accepted)](
                          Result<core::SendTicket> ticket) mutable {
                        // Before the answer: the caller may send again as soon as it has it.
                        held.reset();
                        afterAccept(std::move(ticket), scheduled_at, runHere, done);
                      });
}

std::shared_ptr<void> SendUseCase::acceptInFlight() {
  {
    std::lock_guard lock(accepts_mutex_);
    ++accepts_in_flight_;
  }
  return {nullptr, [this](void*) {
            std::lock_guard lock(accepts_mutex_);
            if (--accepts_in_flight_ == 0) accepts_done_.notify_all();
          }};
}

void SendUseCase::stop() {
  {
    // As the blocking pool's join waited for a thread blocked in a synchronous accept.
    std::unique_lock lock(accepts_mutex_);
    accepts_done_.wait(lock, [this] { return accepts_in_flight_ == 0; });
  }
  waits_.stop();
}

void SendUseCase::execute(const core::SendRequest& request, const RunBlocking& resume,
                          SendDone done) {
  afterAccept(sender_.accept(request, options_.lease_ms), request.scheduled_at, resume,
              std::move(done));
}

void SendUseCase::afterAccept(Result<core::SendTicket> ticket,
                              std::optional<UnixMillis> scheduled_at, const RunBlocking& resume,
                              SendDone done) {
  if (!ticket) return done(ticket.error());
  if (!ticket->due_now) {
    return done(AcceptedSend{*ticket, {"queued", std::nullopt}, scheduled_at});
  }
  awaitFirstAttempt(
      dispatcher_, waits_, ticket->message_id, std::chrono::milliseconds(options_.send_wait_ms),
      [ticket = *ticket, resume, done = std::move(done)](const AttemptOutcome& outcome) {
        // Off the dispatcher's or the timer's thread; with a key `done` writes the store.
        resume([ticket, outcome, done] { done(AcceptedSend{ticket, outcome, std::nullopt}); });
      });
}

void SendUseCase::sendIdempotent(core::SendRequest request, const storage::IdempotencyKeyId& key,
                                 std::string fingerprint, const RunBlocking& resume,
                                 SendDone done) {
  const UnixMillis now = clock_.now();
  storage::IdempotentRequest claim;
  claim.id = key;
  claim.request_hash = std::move(fingerprint);
  claim.now = now;
  claim.expires_at = now + kIdempotencyKeyLifetimeMs;
  // Longer than any live request holds it: accepting plus waiting for the first attempt.
  claim.locked_until = now + options_.send_wait_ms + options_.lease_ms;
  auto begun = store_.beginIdempotentRequest(claim);
  if (!begun) return done(begun.error());

  switch (begun->state) {
    case storage::IdempotencyState::InFlight:
      return done(KeyInUse{});
    case storage::IdempotencyState::Mismatch:
      return done(KeyMismatch{});
    case storage::IdempotencyState::Completed:
      return done(RecordedAnswer{begun->response_status, std::move(begun->response_body)});
    case storage::IdempotencyState::Orphaned:
      return done(recordAnswer(key, resultForAcceptedMessage(*begun->message_id)));
    case storage::IdempotencyState::Started:
      request.idempotency_key = key;
      return execute(request, resume, [this, key, done = std::move(done)](SendResult result) {
        if (std::holds_alternative<AcceptedSend>(result)) {
          return done(recordAnswer(key, std::move(result)));
        }
        if (Status released = store_.releaseIdempotentRequest(key); !released) {
          // The claim then lapses at locked_until and the key can be used again.
          spdlog::warn("releasing an idempotency key failed: {}", released.error().message);
        }
        done(std::move(result));
      });
  }
}

SendResult SendUseCase::recordAnswer(const storage::IdempotencyKeyId& key, SendResult result) {
  const auto* accepted = std::get_if<AcceptedSend>(&result);
  if (accepted == nullptr) return result;
  const RecordedAnswer answer = render_(*accepted);
  if (answer.status < 500) {
    if (Status saved = store_.completeIdempotentRequest(key, answer.status, answer.body); !saved) {
      // A later repeat finds the claim lapsed with its message, and answers from it.
      spdlog::warn("storing an idempotent answer failed: {}", saved.error().message);
    }
  }
  return result;
}

// The answer for a message accepted by a request that died before it answered: its state now.
SendResult SendUseCase::resultForAcceptedMessage(const std::string& message_id) {
  auto found = store_.findMessage(message_id);
  if (!found) return found.error();
  if (!*found)
    return makeError(ErrorCategory::Internal, "internal_error", "accepted message is gone");
  const storage::MessageRecord& message = **found;
  core::SendTicket ticket{message.id,  message.conversation_id, true, std::nullopt, std::nullopt,
                          std::nullopt};
  if (message.plan_step > 0) {
    ticket.fallback_used = core::channelAtStep(message.channel_plan, message.plan_step);
  }
  if (message.delivery_status == domain::DeliveryStatus::Pending)
    return AcceptedSend{ticket, {"queued", {}}, {}};
  if (message.delivery_status == domain::DeliveryStatus::Failed ||
      message.delivery_status == domain::DeliveryStatus::Rejected) {
    Error error = makeError(ErrorCategory::Permanent, message.error_code.value_or("failed"),
                            message.error_message.value_or("the message failed"));
    return AcceptedSend{ticket, {"failed", error}, {}};
  }
  return AcceptedSend{ticket, {"sent", std::nullopt}, {}};
}

}  // namespace mensajero::delivery
