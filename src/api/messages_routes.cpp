#include <utility>

#include <memory>
#include <type_traits>
#include <variant>

#include "api/api.h"
#include "api/dto/json_body.h"
#include "api/dto/send_message_dto.h"
#include "api/error_response.h"
#include "api/idempotency_key.h"
#include "core/channel_plan.h"

namespace mensajero::api {
namespace {

http::Response badRequest(const Error& error) {
  auto response = errorResponse(error);
  response.status = 400;
  return response;
}

}  // namespace

delivery::RecordedAnswer Api::renderSendAnswer(const delivery::AcceptedSend& accepted) {
  const int status = accepted.outcome.status == "queued" ? 202 : 200;
  // Never throws on bytes that are not UTF-8: it may run on the store's writer thread.
  return {status,
          dto::sendMessageResponse(accepted.ticket, accepted.outcome, accepted.estimated_delivery)
              .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

void Api::registerMessageRoutes(http::Router& router) {
  // Deferred: the wait for the first attempt (up to send_wait_ms) holds no blocking thread.
  router.addDeferred(
      "POST", "/api/v2/messages/send",
      authenticatedDeferred(
          security::Scope::Send,
          [this](const http::Request& request, const Caller& caller, http::Respond respond,
                 http::RunBlocking resume, std::shared_ptr<void> slot) {
            auto key = idempotencyKeyOf(request);
            if (!key) return respond(badRequest(key.error()));
            auto body = dto::parseJsonObject(request.body);
            if (!body) return respond(badRequest(body.error()));
            auto send = dto::parseSendMessageRequest(*body, caller.organization_id);
            if (!send) return respond(badRequest(send.error()));
            auto done = [respond](delivery::SendResult result) {
              respond(sendResponse(std::move(result)));
            };
            // Without a key the answer is all that is left, and it is
            // rendered where the outcome arrives, without a hop back here.
            if (!*key) return sends_.send(*send, std::move(done), std::move(slot));
            sends_.sendIdempotent(std::move(*send), {caller.api_key_id, **key},
                                  requestFingerprint(*body), resume, std::move(done));
          }),
      apiKeyRoute());
}

http::Response Api::sendResponse(delivery::SendResult result) {
  return std::visit(
      [](auto&& value) -> http::Response {
        using T = std::decay_t<decltype(value)>;
        if constexpr (std::is_same_v<T, delivery::AcceptedSend>) {
          const delivery::RecordedAnswer answer = renderSendAnswer(value);
          return http::Response::json(static_cast<unsigned>(answer.status), answer.body);
        } else if constexpr (std::is_same_v<T, Error>) {
          return errorResponse(value);
        } else if constexpr (std::is_same_v<T, delivery::KeyInUse>) {
          return http::Response::error(409, "idempotency_key_in_use",
                                       "a request with this Idempotency-Key is still in progress",
                                       true);
        } else if constexpr (std::is_same_v<T, delivery::KeyMismatch>) {
          return http::Response::error(
              422, "idempotency_key_mismatch",
              "this Idempotency-Key was used with a different request body");
        } else {
          http::Response response =
              http::Response::json(static_cast<unsigned>(value.status), std::move(value.body));
          response.withHeader("Idempotent-Replayed", "true");
          return response;
        }
      },
      std::move(result));
}

}  // namespace mensajero::api
