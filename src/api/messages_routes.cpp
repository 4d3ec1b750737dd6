#include <future>
#include <memory>

#include "api/api.h"
#include "api/dto/json_body.h"
#include "api/dto/send_message_dto.h"
#include "api/error_response.h"

namespace mensajero::api {
namespace {

// Waits for the first attempt of a just-accepted message, at most `wait_ms`. The message is
// durable already, so giving up only changes the answer to "queued".
delivery::AttemptOutcome awaitFirstAttempt(delivery::Dispatcher& dispatcher,
                                           const std::string& message_id, int wait_ms) {
  auto promise = std::make_shared<std::promise<delivery::AttemptOutcome>>();
  auto future = promise->get_future();
  const bool queued = dispatcher.submit(
      message_id,
      [promise](const delivery::AttemptOutcome& outcome) { promise->set_value(outcome); });
  if (!queued || future.wait_for(std::chrono::milliseconds(wait_ms)) != std::future_status::ready) {
    return {"queued", std::nullopt};
  }
  return future.get();
}

}  // namespace

void Api::registerMessageRoutes(http::Router& router) {
  router.addBlocking("POST", "/api/v2/messages/send", [this](const http::Request& request) {
    auto organization = authenticator_.organizationFor(request);
    if (!organization) return errorResponse(organization.error());
    auto body = dto::parseJsonObject(request.body);
    if (!body) {
      auto response = errorResponse(body.error());
      response.status = 400;
      return response;
    }
    auto send = dto::parseSendMessageRequest(*body, *organization);
    if (!send) {
      auto response = errorResponse(send.error());
      response.status = 400;
      return response;
    }
    auto ticket = services_.sender.accept(*send, options_.lease_ms);
    if (!ticket) return errorResponse(ticket.error());

    if (!ticket->due_now) {
      const auto body_json =
          dto::sendMessageResponse(*ticket, {"queued", std::nullopt}, send->scheduled_at);
      return http::Response::json(202, body_json.dump());
    }
    const auto outcome =
        awaitFirstAttempt(services_.dispatcher, ticket->message_id, options_.send_wait_ms);
    const unsigned status = outcome.status == "queued" ? 202 : 200;
    return http::Response::json(status,
                                dto::sendMessageResponse(*ticket, outcome, std::nullopt).dump());
  });
}

}  // namespace mensajero::api
