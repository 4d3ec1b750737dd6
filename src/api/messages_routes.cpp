#include <chrono>
#include <memory>

#include <spdlog/spdlog.h>

#include "api/api.h"
#include "api/dto/json_body.h"
#include "api/dto/send_message_dto.h"
#include "api/error_response.h"
#include "api/first_attempt_wait.h"
#include "api/idempotency_key.h"
#include "core/channel_plan.h"

namespace mensajero::api {
namespace {

constexpr UnixMillis kIdempotencyKeyLifetimeMs = 24LL * 3600 * 1000;

http::Response badRequest(const Error& error) {
  auto response = errorResponse(error);
  response.status = 400;
  return response;
}

http::Response sendAnswer(const core::SendTicket& ticket, const delivery::AttemptOutcome& outcome,
                          std::optional<UnixMillis> estimated_delivery) {
  const unsigned status = outcome.status == "queued" ? 202 : 200;
  return http::Response::json(status,
                              dto::sendMessageResponse(ticket, outcome, estimated_delivery).dump());
}

}  // namespace

void Api::registerMessageRoutes(http::Router& router) {
  // Deferred: the wait for the first attempt (up to send_wait_ms) holds no blocking thread.
  router.addDeferred("POST", "/api/v2/messages/send",
                     authenticatedDeferred(
                         security::Scope::Send,
                         [this](const http::Request& request, const Caller& caller,
                                http::Respond respond, http::RunBlocking resume) {
                           auto key = idempotencyKeyOf(request);
                           if (!key) return respond(badRequest(key.error()));
                           auto body = dto::parseJsonObject(request.body);
                           if (!body) return respond(badRequest(body.error()));
                           auto send = dto::parseSendMessageRequest(*body, caller.organization_id);
                           if (!send) return respond(badRequest(send.error()));
                           if (!*key) {
                             return executeSend(*send, resume, [respond](SendExecution execution) {
                               respond(std::move(execution.response));
                             });
                           }
                           idempotentSend(std::move(*send), {caller.api_key_id, **key},
                                          requestFingerprint(*body), resume, std::move(respond));
                         }),
                     apiKeyRoute());
}

void Api::executeSend(const core::SendRequest& send, const http::RunBlocking& resume,
                      SendDone done) {
  auto ticket = services_.sender.accept(send, options_.lease_ms);
  if (!ticket) return done({errorResponse(ticket.error()), false});
  if (!ticket->due_now) {
    return done({sendAnswer(*ticket, {"queued", std::nullopt}, send.scheduled_at), true});
  }
  awaitFirstAttempt(
      services_.dispatcher, send_waits_, ticket->message_id,
      std::chrono::milliseconds(options_.send_wait_ms),
      [ticket = *ticket, resume, done = std::move(done)](const delivery::AttemptOutcome& outcome) {
        // Off the dispatcher's or the timer's thread: `done` may write the store.
        resume([ticket, outcome, done] {
          done({sendAnswer(ticket, outcome, std::nullopt), true});
        });
      });
}

// Stripe's and the IETF draft's rules: one execution per key; a repeat gets the first answer;
// a repeat while the first runs gets 409; the key with another body gets 422. Requests
// refused before a message was accepted save nothing, so they may be retried with the key.
void Api::idempotentSend(core::SendRequest send, const storage::IdempotencyKeyId& key,
                         std::string fingerprint, const http::RunBlocking& resume,
                         http::Respond respond) {
  const UnixMillis now = services_.clock.now();
  storage::IdempotentRequest claim;
  claim.id = key;
  claim.request_hash = std::move(fingerprint);
  claim.now = now;
  claim.expires_at = now + kIdempotencyKeyLifetimeMs;
  // Longer than any live request holds it: accepting plus waiting for the first attempt.
  claim.locked_until = now + options_.send_wait_ms + options_.lease_ms;
  auto begun = services_.store.beginIdempotentRequest(claim);
  if (!begun) return respond(errorResponse(begun.error()));

  http::Response response;
  switch (begun->state) {
    case storage::IdempotencyState::InFlight:
      return respond(
          http::Response::error(409, "idempotency_key_in_use",
                                "a request with this Idempotency-Key is still in progress", true));
    case storage::IdempotencyState::Mismatch:
      return respond(
          http::Response::error(422, "idempotency_key_mismatch",
                                "this Idempotency-Key was used with a different request body"));
    case storage::IdempotencyState::Completed:
      response = http::Response::json(static_cast<unsigned>(begun->response_status),
                                      std::move(begun->response_body));
      response.withHeader("Idempotent-Replayed", "true");
      return respond(std::move(response));
    case storage::IdempotencyState::Orphaned:
      return respond(storeIdempotentAnswer(key, answerForAcceptedMessage(*begun->message_id)));
    case storage::IdempotencyState::Started:
      send.idempotency_key = key;
      return executeSend(
          send, resume, [this, key, respond = std::move(respond)](SendExecution execution) {
            if (execution.accepted) {
              return respond(storeIdempotentAnswer(key, std::move(execution.response)));
            }
            if (Status released = services_.store.releaseIdempotentRequest(key); !released) {
              // The claim then lapses at locked_until and the key can be used again.
              spdlog::warn("releasing an idempotency key failed: {}", released.error().message);
            }
            respond(std::move(execution.response));
          });
  }
}

// Saves the answer of the request that holds the key, so that repeats replay it.
http::Response Api::storeIdempotentAnswer(const storage::IdempotencyKeyId& key,
                                          http::Response response) {
  if (response.status < 500) {
    if (Status saved = services_.store.completeIdempotentRequest(
            key, static_cast<int>(response.status), response.body);
        !saved) {
      // A later repeat finds the claim lapsed with its message, and answers from it.
      spdlog::warn("storing an idempotent answer failed: {}", saved.error().message);
    }
  }
  return response;
}

// The answer for a message accepted by a request that died before it answered: its state now.
http::Response Api::answerForAcceptedMessage(const std::string& message_id) {
  auto found = services_.store.findMessage(message_id);
  if (!found) return errorResponse(found.error());
  if (!*found) return http::Response::error(500, "internal_error", "accepted message is gone");
  const storage::MessageRecord& message = **found;
  core::SendTicket ticket{message.id, message.conversation_id, true, std::nullopt};
  if (message.plan_step > 0) {
    ticket.fallback_used = core::channelAtStep(message.channel_plan, message.plan_step);
  }
  if (message.delivery_status == "pending") return sendAnswer(ticket, {"queued", {}}, {});
  if (message.delivery_status == "failed" || message.delivery_status == "rejected") {
    Error error = makeError(ErrorCategory::Permanent, message.error_code.value_or("failed"),
                            message.error_message.value_or("the message failed"));
    return sendAnswer(ticket, {"failed", error}, {});
  }
  return sendAnswer(ticket, {"sent", std::nullopt}, {});
}

}  // namespace mensajero::api
