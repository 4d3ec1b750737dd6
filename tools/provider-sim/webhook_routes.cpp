#include <utility>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "control_routes.h"
#include "meta_payloads.h"
#include "request_json.h"

namespace mensajero::provider_sim {
namespace {

std::int64_t unixSecondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_request", std::move(message));
}

// The target for a synchronous send, or a Conflict error when no URL is configured.
Result<WebhookTarget> requireTarget(SimContext& context) {
  WebhookTarget target = context.state.target();
  if (target.url.empty()) {
    return makeError(ErrorCategory::Conflict, "no_webhook_target",
                     "set a webhook URL first (--webhook-url or POST /_sim/webhook-target)");
  }
  return target;
}

// Posts one signed body now; adds "http_status" (0 on a transport error, plus
// "transport_error") and "signature" to `out`.
void sendSigned(SimContext& context, const WebhookTarget& target, std::string body,
                nlohmann::json& out) {
  const WebhookDelivery delivery = signedDelivery(target.url, target.app_secret, std::move(body));
  const Result<long> sent = context.webhooks.sendNow(delivery);
  out["http_status"] = sent.ok() ? sent.value() : 0L;
  if (!sent.ok()) {
    out["transport_error"] = sent.error().code;
  }
  out["signature"] = delivery.signature;
}

// Sets `field` to body[key] when present; Invalid error when it is not a string.
template <typename Field>
Status overrideString(const nlohmann::json& body, const std::string& key, Field& field) {
  Result<std::optional<std::string>> value = optionalString(body, key);
  if (!value.ok()) {
    return value.error();
  }
  if (value.value()) {
    field = *value.value();
  }
  return {};
}

Result<InboundText> readInbound(const nlohmann::json& body, SimContext& context) {
  Result<std::string> from = requiredString(body, "from");
  if (!from.ok()) {
    return from.error();
  }
  Result<std::string> text = requiredString(body, "text");
  if (!text.ok()) {
    return text.error();
  }
  InboundText message;
  message.from = digitsOf(from.value());
  message.body = text.value();
  message.timestamp_s = unixSecondsNow();
  for (const Status& read :
       {overrideString(body, "name", message.name), overrideString(body, "wamid", message.wamid)}) {
    if (!read.ok()) {
      return read.error();
    }
  }
  if (message.wamid.empty()) {
    message.wamid = context.state.nextInboundWamid();
  }
  if (body.contains("timestamp")) {
    if (!body["timestamp"].is_number_integer()) {
      return invalid("'timestamp' must be Unix seconds");
    }
    message.timestamp_s = body["timestamp"].get<std::int64_t>();
  }
  return message;
}

http::Response sendInbound(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> body = parseObject(request.body);
  if (!body.ok()) {
    return errorResponse(body.error());
  }
  Result<std::string> phone_number_id = requiredString(body.value(), "phone_number_id");
  if (!phone_number_id.ok()) {
    return errorResponse(phone_number_id.error());
  }
  Result<InboundText> message = readInbound(body.value(), context);
  if (!message.ok()) {
    return errorResponse(message.error());
  }
  Result<WebhookTarget> target = requireTarget(context);
  if (!target.ok()) {
    return errorResponse(target.error());
  }
  const WebhookMetadata metadata{target->display_phone_number, phone_number_id.value()};
  std::string payload = toWireJson(inboundTextWebhook(metadata, message.value()));
  nlohmann::json out = {{"wamid", message->wamid}, {"payload", payload}};
  sendSigned(context, target.value(), std::move(payload), out);
  return jsonResponse(out);
}

// The fields of POST /_sim/statuses, completed from the recorded message when known.
struct StatusRequest {
  std::vector<std::string> statuses;
  StatusEvent event;  // everything but status and timestamp
  std::string phone_number_id;
};

Result<std::vector<std::string>> readStatusList(const nlohmann::json& body) {
  const auto it = body.find("statuses");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return invalid("'statuses' must be a non-empty array");
  }
  std::vector<std::string> statuses;
  for (const auto& item : *it) {
    if (!item.is_string() || !isMetaStatus(item.get<std::string>())) {
      return invalid("'statuses' items must be sent, delivered, read, failed or played");
    }
    statuses.push_back(item.get<std::string>());
  }
  return statuses;
}

Result<StatusRequest> readStatusRequest(const nlohmann::json& body, SimContext& context) {
  StatusRequest out;
  Result<std::string> wamid = requiredString(body, "wamid");
  if (!wamid.ok()) {
    return wamid.error();
  }
  Result<std::vector<std::string>> statuses = readStatusList(body);
  if (!statuses.ok()) {
    return statuses.error();
  }
  out.statuses = std::move(statuses.value());
  out.event.wamid = wamid.value();
  const std::optional<SentMessage> recorded = context.state.findMessage(wamid.value());
  if (recorded) {
    out.phone_number_id = recorded->phone_number_id;
    out.event.recipient_id = recorded->wa_id;
    out.event.callback_data = recorded->callback_data;
  }
  for (const Status& read : {overrideString(body, "phone_number_id", out.phone_number_id),
                             overrideString(body, "recipient_id", out.event.recipient_id),
                             overrideString(body, "callback_data", out.event.callback_data),
                             overrideString(body, "error_title", out.event.error_title)}) {
    if (!read.ok()) {
      return read.error();
    }
  }
  if (out.phone_number_id.empty()) {
    return invalid("'phone_number_id' is required for a wamid the simulator did not send");
  }
  if (body.contains("error_code")) {
    if (!body["error_code"].is_number_integer()) {
      return invalid("'error_code' must be an integer");
    }
    out.event.error_code = body["error_code"].get<int>();
  }
  return out;
}

http::Response sendStatuses(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> body = parseObject(request.body);
  if (!body.ok()) {
    return errorResponse(body.error());
  }
  Result<StatusRequest> parsed = readStatusRequest(body.value(), context);
  if (!parsed.ok()) {
    return errorResponse(parsed.error());
  }
  Result<WebhookTarget> target = requireTarget(context);
  if (!target.ok()) {
    return errorResponse(target.error());
  }
  const WebhookMetadata metadata{target->display_phone_number, parsed->phone_number_id};
  nlohmann::json statuses = nlohmann::json::array();
  for (const std::string& status : parsed->statuses) {
    StatusEvent event = parsed->event;
    event.status = status;
    event.timestamp_s = unixSecondsNow();
    if (status != "failed") {
      event.error_code.reset();
    }
    nlohmann::json sent;
    sendSigned(context, target.value(), toWireJson(statusWebhook(metadata, event)), sent);
    statuses.push_back(sent["http_status"]);
  }
  return jsonResponse({{"http_statuses", std::move(statuses)}});
}

http::Response updateTarget(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> patch = parseObject(request.body);
  if (!patch.ok()) {
    return errorResponse(patch.error());
  }
  Result<WebhookTarget> updated = context.state.updateTarget(patch.value());
  if (!updated.ok()) {
    return errorResponse(updated.error());
  }
  return jsonResponse(updated->toJson());
}

}  // namespace

void addWebhookRoutes(http::Router& router, SimContext& context) {
  SimContext* ctx = &context;
  router.add("GET", "/_sim/webhook-target", [ctx](http::Request, http::Respond respond) {
    respond(jsonResponse(ctx->state.target().toJson()));
  });
  router.add("POST", "/_sim/webhook-target", [ctx](http::Request request, http::Respond respond) {
    respond(updateTarget(*ctx, request));
  });
  // These wait for the gateway's answer, so they run on the server's blocking pool.
  router.addBlocking("POST", "/_sim/inbound",
                     [ctx](const http::Request& request) { return sendInbound(*ctx, request); });
  router.addBlocking("POST", "/_sim/statuses",
                     [ctx](const http::Request& request) { return sendStatuses(*ctx, request); });
}

}  // namespace mensajero::provider_sim
