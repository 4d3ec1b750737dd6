#include "twilio_routes.h"

#include <utility>

#include <chrono>
#include <exception>
#include <functional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "channels/twilio/form_encoding.h"
#include "request_json.h"
#include "security/crypto.h"

namespace mensajero::provider_sim {
namespace {

using channels::twilio::FormFields;
using SuccessAnswer = std::function<http::Response(SimContext&, const http::Request&)>;

std::int64_t unixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

http::Response twilioError(unsigned status, int code, std::string_view message) {
  return http::Response::json(status, twilioErrorBody(code, message, status));
}

bool isAuthorized(SimContext& context, const http::Request& request) {
  const TwilioAccount account = context.twilio.account();
  const auto header = request.header("Authorization");
  const std::string expected =
      "Basic " + security::base64Encode(account.account_sid + ":" + account.auth_token);
  std::string path_sid = request.path_params.at("account_sid");
  if (path_sid.ends_with(".json")) path_sid.resize(path_sid.size() - 5);
  return header && security::constantTimeEquals(*header, expected) &&
         path_sid == account.account_sid;
}

http::Response answer(SimContext& context, const http::Request& request, bool authorized,
                      const CallPlan& plan, const SuccessAnswer& on_success) {
  if (plan.down) {
    http::Response dropped;
    dropped.drop_connection = true;
    return dropped;
  }
  if (plan.hang) {
    return twilioError(504, 20504, "Gateway Timeout");
  }
  if (!authorized) {
    return twilioError(401, 20003, "Authenticate");
  }
  if (plan.failure) {
    http::Response response =
        twilioError(plan.failure->http_status, plan.failure->code, plan.failure->message);
    if (plan.failure->retry_after_s > 0) {
      response.withHeader("Retry-After", std::to_string(plan.failure->retry_after_s));
    }
    return response;
  }
  return on_success(context, request);
}

// As Meta's routes: the call's fate is decided on arrival, the answer may come later from the
// responder thread, and I/O threads never wait.
void handleTwilioCall(SimContext& context, http::Request request, http::Respond respond,
                      SuccessAnswer on_success) {
  const bool authorized = isAuthorized(context, request);
  const CallPlan plan = context.twilio.planCall(authorized);
  auto finish = [&context, request = std::move(request), respond = std::move(respond), authorized,
                 plan, on_success = std::move(on_success)] {
    try {
      respond(answer(context, request, authorized, plan, on_success));
    } catch (const std::exception& e) {
      spdlog::error("provider-sim: twilio handler failed: {}", e.what());
      respond(http::Response::error(500, "internal", "provider-sim handler failed"));
    }
  };
  if (plan.delay.count() <= 0) {
    finish();
    return;
  }
  context.responder.schedule(TimerQueue::Clock::now() + plan.delay, std::move(finish));
}

std::string firstValue(const FormFields& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) return value;
  }
  return "";
}

// The message a valid form describes, or the 400 Twilio answers.
Result<TwilioMessage> messageFromForm(const http::Request& request, const std::string& sid) {
  auto invalid = [](int code, std::string message) {
    return makeError(ErrorCategory::Invalid, std::to_string(code), std::move(message));
  };
  auto form = channels::twilio::decodeForm(request.body);
  if (!form) {
    return invalid(21604, "The request body is not a valid form: " + form.error().message);
  }
  TwilioMessage message;
  message.account_sid = sid;
  message.to = firstValue(*form, "To");
  message.from = firstValue(*form, "From");
  message.messaging_service_sid = firstValue(*form, "MessagingServiceSid");
  message.body = firstValue(*form, "Body");
  message.status_callback = firstValue(*form, "StatusCallback");
  message.form = std::move(*form);
  if (message.to.empty()) return invalid(21604, "A 'To' phone number is required.");
  if (message.from.empty() && message.messaging_service_sid.empty()) {
    return invalid(21603, "A 'From' phone number is required.");
  }
  if (message.body.empty()) return invalid(21602, "Message body is required.");
  return message;
}

http::Response acceptMessage(SimContext& context, const http::Request& request) {
  const TwilioAccount account = context.twilio.account();
  Result<TwilioMessage> parsed = messageFromForm(request, account.account_sid);
  if (!parsed) {
    return twilioError(400, std::stoi(parsed.error().code), parsed.error().message);
  }
  parsed->received_at = unixMillisNow();
  const TwilioMessage message = context.twilio.accept(std::move(*parsed));
  const bool via_service = message.from.empty();
  const nlohmann::json body = {
      {"sid", message.sid},
      {"account_sid", message.account_sid},
      {"to", message.to},
      {"from", via_service ? nlohmann::json() : nlohmann::json(message.from)},
      {"messaging_service_sid",
       via_service ? nlohmann::json(message.messaging_service_sid) : nlohmann::json()},
      {"body", message.body},
      {"status", via_service ? "accepted" : "queued"},
      {"num_segments", "1"},
      {"direction", "outbound-api"},
      {"api_version", "2010-04-01"},
      {"error_code", nullptr},
      {"error_message", nullptr},
      {"uri", "/2010-04-01/Accounts/" + message.account_sid + "/Messages/" + message.sid + ".json"},
  };
  return http::Response::json(201,
                              body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response accountResource(SimContext& context, const http::Request&) {
  const TwilioAccount account = context.twilio.account();
  return jsonResponse({{"sid", account.account_sid},
                       {"friendly_name", "Mensajero sandbox"},
                       {"status", "active"},
                       {"type", "Full"}});
}

http::Handler quick(std::function<http::Response(const http::Request&)> handler) {
  return [handler = std::move(handler)](http::Request request, http::Respond respond) {
    respond(handler(request));
  };
}

void addTwilioControlRoutes(http::Router& router, SimContext& context) {
  SimContext* ctx = &context;
  router.add("GET", "/_sim/twilio/messages", quick([ctx](const http::Request&) {
               return jsonResponse(ctx->twilio.messagesJson());
             }));
  router.add("DELETE", "/_sim/twilio/messages", quick([ctx](const http::Request&) {
               ctx->twilio.clearMessages();
               return jsonResponse(ctx->twilio.messagesJson());
             }));
  router.add("GET", "/_sim/twilio/control", quick([ctx](const http::Request&) {
               return jsonResponse(ctx->twilio.control().toJson());
             }));
  router.add("POST", "/_sim/twilio/control", quick([ctx](const http::Request& request) {
               Result<nlohmann::json> patch = parseObject(request.body);
               if (!patch) return errorResponse(patch.error());
               Result<FailureControl> updated = ctx->twilio.updateControl(*patch);
               if (!updated) return errorResponse(updated.error());
               return jsonResponse(updated->toJson());
             }));
  router.add("GET", "/_sim/twilio/account", quick([ctx](const http::Request&) {
               return jsonResponse(ctx->twilio.account().toJson());
             }));
  router.add("POST", "/_sim/twilio/account", quick([ctx](const http::Request& request) {
               Result<nlohmann::json> patch = parseObject(request.body);
               if (!patch) return errorResponse(patch.error());
               Result<TwilioAccount> updated = ctx->twilio.updateAccount(*patch);
               if (!updated) return errorResponse(updated.error());
               return jsonResponse(updated->toJson());
             }));
}

}  // namespace

std::string twilioErrorBody(int code, std::string_view message, unsigned http_status) {
  const nlohmann::json body = {
      {"code", code},
      {"message", message},
      {"more_info", "https://www.twilio.com/docs/errors/" + std::to_string(code)},
      {"status", http_status},
  };
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void addTwilioRoutes(http::Router& router, SimContext& context) {
  router.add("POST", "/2010-04-01/Accounts/{account_sid}/Messages.json",
             [&context](http::Request request, http::Respond respond) {
               handleTwilioCall(context, std::move(request), std::move(respond), acceptMessage);
             });
  router.add("GET", "/2010-04-01/Accounts/{account_sid}",
             [&context](http::Request request, http::Respond respond) {
               handleTwilioCall(context, std::move(request), std::move(respond), accountResource);
             });
  addTwilioControlRoutes(router, context);
}

}  // namespace mensajero::provider_sim
