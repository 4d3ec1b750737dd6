#include "graph_routes.h"

#include <utility>

#include <chrono>
#include <exception>
#include <functional>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/bounded_json.h"
#include "interactive_limits.h"
#include "media_send_validation.h"
#include "meta_payloads.h"
#include "profile_calls.h"
#include "template_send_check.h"

namespace mensajero::provider_sim {
namespace {

using SuccessAnswer = std::function<http::Response(SimContext&, const http::Request&)>;

std::int64_t unixMillisNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool hasBearerToken(const http::Request& request) {
  const auto header = request.header("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (!header || header->size() <= kPrefix.size() || header->substr(0, kPrefix.size()) != kPrefix) {
    return false;
  }
  return header->find_first_not_of(' ', kPrefix.size()) != std::string_view::npos;
}

http::Response metaError(unsigned status, int code, std::string_view message) {
  return http::Response::json(status, metaErrorBody(code, message));
}

http::Response injectedError(const InjectedFailure& failure) {
  http::Response response = http::Response::json(failure.http_status, failure.body);
  if (failure.retry_after_s > 0) {
    response.withHeader("Retry-After", std::to_string(failure.retry_after_s));
  }
  return response;
}

// The answer to a call once its delay (if any) has passed.
http::Response answer(SimContext& context, const http::Request& request, bool authorized,
                      const CallPlan& plan, const SuccessAnswer& on_success) {
  if (plan.down) {
    http::Response dropped;
    dropped.drop_connection = true;
    return dropped;
  }
  if (plan.hang) {
    return metaError(504, 2, "(#2) Service temporarily unavailable");
  }
  if (!authorized) {
    return metaError(401, 190, "Invalid OAuth access token.");
  }
  if (plan.failure) {
    return injectedError(*plan.failure);
  }
  return on_success(context, request);
}

// Decides the call's fate now (so fail_next/hang_next are consumed in arrival order) and
// answers now or, when delayed, from the responder thread: I/O threads never wait.
void handleGraphCall(SimContext& context, http::Request request, http::Respond respond,
                     SuccessAnswer on_success) {
  const bool authorized = hasBearerToken(request);
  const CallPlan plan = context.state.planCall(authorized);
  auto finish = [&context, request = std::move(request), respond = std::move(respond), authorized,
                 plan, on_success = std::move(on_success)] {
    try {
      respond(answer(context, request, authorized, plan, on_success));
    } catch (const std::exception& e) {
      // NOTE: delayed answers run on the responder thread, where nothing else would catch.
      spdlog::error("provider-sim: graph handler failed: {}", e.what());
      respond(http::Response::error(500, "internal", "provider-sim handler failed"));
    }
  };
  if (plan.delay.count() <= 0) {
    finish();
    return;
  }
  context.responder.schedule(TimerQueue::Clock::now() + plan.delay, std::move(finish));
}

http::Response invalidParameter(const std::string& detail) {
  return metaError(400, 100, "(#100) " + detail);
}

// Parses a send body; a 400 Meta error (code 100) when it is not a valid message.
Result<SendFields> parseSend(const std::string& body) {
  SendFields fields;
  auto invalid = [](std::string message) {
    return makeError(ErrorCategory::Invalid, "meta_100", std::move(message));
  };
  // Bounded like the gateway's own parsing: the request is kept and served back as JSON.
  auto parsed = parseBoundedJson(body);
  if (!parsed) {
    return invalid("The request body is not valid JSON: " + parsed.error().message + ".");
  }
  fields.request = std::move(*parsed);
  fields.request_body = body;
  const nlohmann::json& json = fields.request;
  if (!json.is_object()) {
    return invalid("The request body must be a JSON object.");
  }
  if (json.value("messaging_product", nlohmann::json()) != "whatsapp") {
    return invalid("The parameter messaging_product is required and must be whatsapp.");
  }
  for (const char* key : {"to", "type"}) {
    if (!json.contains(key) || !json[key].is_string() || json[key].get<std::string>().empty()) {
      return invalid(std::string("The parameter ") + key + " is required.");
    }
  }
  fields.to = json["to"].get<std::string>();
  fields.type = json["type"].get<std::string>();
  if (fields.type == "text") {
    const auto text = json.find("text");
    if (text == json.end() || !text->is_object() || !text->contains("body") ||
        !(*text)["body"].is_string()) {
      return invalid("The parameter text['body'] is required.");
    }
    fields.text = (*text)["body"].get<std::string>();
  }
  if (auto problem = mediaSendProblem(json)) return invalid(*problem);
  const auto callback = json.find("biz_opaque_callback_data");
  if (callback != json.end() && callback->is_string()) {
    fields.callback_data = callback->get<std::string>();
  }
  return fields;
}

bool isMarkAsRead(const std::string& body) {
  const auto parsed = parseBoundedJson(body);
  if (!parsed) {
    return false;
  }
  const nlohmann::json& json = *parsed;
  return json.is_object() && json.value("messaging_product", nlohmann::json()) == "whatsapp" &&
         json.value("status", nlohmann::json()) == "read" && json.contains("message_id");
}

// Queues one signed status webhook per configured status, each at its delay.
void scheduleStatusWebhooks(SimContext& context, const SentMessage& message) {
  const WebhookTarget target = context.state.target();
  if (target.url.empty()) {
    return;
  }
  const auto accepted = TimerQueue::Clock::now();
  const WebhookMetadata metadata{target.display_phone_number, message.phone_number_id};
  for (std::size_t i = 0; i < target.statuses.size(); ++i) {
    const std::chrono::milliseconds delay = target.delayFor(i);
    StatusEvent event;
    event.wamid = message.wamid;
    event.status = target.statuses[i];
    event.timestamp_s = (message.received_at + delay.count()) / 1000;
    event.recipient_id = message.wa_id;
    event.callback_data = message.callback_data;
    std::string body = toWireJson(statusWebhook(metadata, event));
    context.webhooks.enqueue(signedDelivery(target.url, target.app_secret, std::move(body)),
                             accepted + delay);
  }
}

http::Response acceptSend(SimContext& context, const http::Request& request) {
  if (isMarkAsRead(request.body)) {
    return http::Response::json(200, R"({"success":true})");
  }
  Result<SendFields> fields = parseSend(request.body);
  if (!fields.ok()) {
    return invalidParameter(fields.error().message);
  }
  if (auto problem = interactiveSendProblem(fields->request)) {
    return metaError(400, problem->code, problem->message);
  }
  if (auto refused = templateSendRefusal(fields->request)) return std::move(*refused);
  const SentMessage message = context.state.accept(request.path_params.at("phone_number_id"),
                                                   std::move(fields.value()), unixMillisNow());
  scheduleStatusWebhooks(context, message);
  nlohmann::json body = {
      {"messaging_product", "whatsapp"},
      {"contacts", nlohmann::json::array({{{"input", message.to}, {"wa_id", message.wa_id}}})},
      {"messages", nlohmann::json::array({{{"id", message.wamid}}})},
  };
  return http::Response::json(200, body.dump());
}

http::Response businessProfile(SimContext&, const http::Request&) {
  return http::Response::json(
      200, R"({"data":[{"about":"Mensajero sandbox","messaging_product":"whatsapp"}]})");
}

}  // namespace

void addGraphRoutes(http::Router& router, SimContext& context) {
  router.add("POST", "/{version}/{phone_number_id}/messages",
             [&context](http::Request request, http::Respond respond) {
               handleGraphCall(context, std::move(request), std::move(respond), acceptSend);
             });
  router.add("GET", "/{version}/{phone_number_id}/whatsapp_business_profile",
             [&context](http::Request request, http::Respond respond) {
               countBusinessProfileCall(request.path_params.at("phone_number_id"));
               handleGraphCall(context, std::move(request), std::move(respond), businessProfile);
             });
}

}  // namespace mensajero::provider_sim
