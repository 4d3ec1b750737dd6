#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>

#include "common/result.h"
#include "core/send_request.h"
#include "core/send_service.h"
#include "delivery/dispatcher.h"
#include "resilience/clock.h"
#include "resilience/deadline_timer.h"
#include "storage/store.h"

namespace mensajero::delivery {

// A send the gateway accepted: the message, and how its first attempt went ("queued" when it
// is scheduled for later or no attempt finished within the wait).
struct AcceptedSend {
  core::SendTicket ticket;
  AttemptOutcome outcome;
  std::optional<UnixMillis> estimated_delivery;
};

// An answer as an Idempotency-Key keeps it, to replay to repeats: the HTTP status and body
// the first request was given.
struct RecordedAnswer {
  int status = 0;
  std::string body;
};

// A repeat while the request that holds the key still runs.
struct KeyInUse {};
// The key used again with another request body.
struct KeyMismatch {};

// What a send came to: accepted; refused (the error says why; nothing was kept); one of the
// key's conflicts; or the answer a completed request with the same key was given.
using SendResult = std::variant<AcceptedSend, Error, KeyInUse, KeyMismatch, RecordedAnswer>;

// The send use case behind POST /api/v2/messages/send: the Idempotency-Key protocol, accepting
// through core::SendService, and waiting for the first attempt without holding a thread. The
// API parses the request and maps the result to HTTP. Thread-safe.
class SendUseCase {
 public:
  struct Options {
    int send_wait_ms = 10'000;  // the longest wait for the first attempt of an immediate send
    int lease_ms = 30'000;
  };
  // Renders an accepted send as the caller is answered; what an Idempotency-Key stores.
  using RenderAnswer = std::function<RecordedAnswer(const AcceptedSend&)>;
  // Runs work on a thread that may block (the server's blocking pool), from any thread.
  using RunBlocking = std::function<void(std::function<void()> work)>;
  using SendDone = std::function<void(SendResult)>;

  SendUseCase(storage::Store& store, core::SendService& sender, Dispatcher& dispatcher,
              const resilience::Clock& clock, Options options, RenderAnswer render);

  // A send without an Idempotency-Key. `done` gets AcceptedSend or Error, exactly once, on
  // the thread where the outcome arrives: the calling thread when the request is refused
  // before the store, or when the store answers at once (PostgreSQL; a full write queue);
  // otherwise the store's writer once the accept has committed or failed (the answer of a
  // message scheduled for later, or of one due now that the dispatcher cannot take); for a
  // message due now, a delivery worker when its first attempt ends, or the timer when the
  // wait runs out. So `done` must be short, must not throw and must not call the store.
  // `held_until_accepted` is released once the accept has completed (the caller's admission
  // slot: a burst of one caller's accepts is bounded while they hold the writer's queue).
  void send(const core::SendRequest& request, SendDone done,
            std::shared_ptr<void> held_until_accepted = nullptr);

  // A send under an Idempotency-Key bound to `fingerprint` (Stripe's and the IETF draft's
  // rules): one execution per key; a repeat gets the first answer (RecordedAnswer); a repeat
  // while the first runs gets KeyInUse; the key with another fingerprint gets KeyMismatch.
  // Requests refused before a message was accepted save nothing, so they may be retried with
  // the key. A key whose request died after accepting its message is answered from the
  // message's state now. Errors: the store's, when the key cannot be claimed or read.
  void sendIdempotent(core::SendRequest request, const storage::IdempotencyKeyId& key,
                      std::string fingerprint, const RunBlocking& resume, SendDone done);

  // Waits for the accepts still being committed, then ends the sends still waiting for a
  // first attempt without calling their `done`. Call after the HTTP server has stopped.
  // Idempotent.
  void stop();
  ~SendUseCase() { stop(); }
  SendUseCase(const SendUseCase&) = delete;
  SendUseCase& operator=(const SendUseCase&) = delete;

 private:
  void execute(const core::SendRequest& request, const RunBlocking& resume, SendDone done);
  // Counts one accept as in flight until the returned token's last copy is gone.
  std::shared_ptr<void> acceptInFlight();
  // The rest of a send once its accept has an outcome: the answer, or the wait for the first
  // attempt of a message due now.
  // `scheduled_at`: the request's, the answer's estimated delivery.
  void afterAccept(Result<core::SendTicket> ticket, std::optional<UnixMillis> scheduled_at,
                   const RunBlocking& resume, SendDone done);
  // Saves the answer of an accepted send for the key's repeats; the result passes through.
  SendResult recordAnswer(const storage::IdempotencyKeyId& key, SendResult result);
  SendResult resultForAcceptedMessage(const std::string& message_id);

  storage::Store& store_;
  core::SendService& sender_;
  Dispatcher& dispatcher_;
  const resilience::Clock& clock_;
  const Options options_;
  const RenderAnswer render_;
  std::mutex accepts_mutex_;
  std::condition_variable accepts_done_;
  int accepts_in_flight_ = 0;        // send()s whose accept has not completed; accepts_mutex_
  resilience::DeadlineTimer waits_;  // first-attempt waits of immediate sends
};

}  // namespace mensajero::delivery
