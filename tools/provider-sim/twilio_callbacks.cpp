#include "twilio_callbacks.h"

#include <utility>

#include <algorithm>
#include <chrono>
#include <vector>

#include <nlohmann/json.hpp>

#include "channels/twilio/twilio_signature.h"
#include "request_json.h"

namespace mensajero::provider_sim {
namespace {

using channels::twilio::FormFields;

Error invalid(std::string message) {
  return makeError(ErrorCategory::Invalid, "invalid_request", std::move(message));
}

bool isWhatsAppAddress(const std::string& address) { return address.starts_with("whatsapp:"); }

// Posts one delivery now; the gateway's status, or 0 plus "transport_error" in `out`.
long sendNow(SimContext& context, const WebhookDelivery& delivery, nlohmann::json& out) {
  const Result<long> sent = context.webhooks.sendNow(delivery);
  if (!sent.ok()) {
    out["transport_error"] = sent.error().code;
    return 0;
  }
  return sent.value();
}

nlohmann::json formJson(const FormFields& form) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, value] : form) {
    fields.push_back({name, value});
  }
  return fields;
}

Result<std::vector<std::string>> readStatuses(const nlohmann::json& body) {
  const auto it = body.find("statuses");
  if (it == body.end() || !it->is_array() || it->empty()) {
    return invalid("'statuses' must be a non-empty array");
  }
  std::vector<std::string> statuses;
  for (const auto& item : *it) {
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return invalid("'statuses' items must be status names");
    }
    statuses.push_back(item.get<std::string>());
  }
  return statuses;
}

http::Response sendStatuses(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  Result<std::string> sid = requiredString(*body, "sid");
  if (!sid) return errorResponse(sid.error());
  Result<std::vector<std::string>> statuses = readStatuses(*body);
  if (!statuses) return errorResponse(statuses.error());
  const std::optional<TwilioMessage> message = context.twilio.findMessage(*sid);
  if (!message) return errorResponse(invalid("no message with that sid was sent"));
  Result<std::optional<std::string>> url = optionalString(*body, "url");
  if (!url) return errorResponse(url.error());
  const std::string target = url->value_or(message->status_callback);
  if (target.empty()) {
    return errorResponse(invalid("the message has no StatusCallback; give 'url'"));
  }
  std::optional<int> error_code;
  if (body->contains("error_code")) {
    if (!(*body)["error_code"].is_number_integer()) {
      return errorResponse(invalid("'error_code' must be an integer"));
    }
    error_code = (*body)["error_code"].get<int>();
  }
  const std::string token = context.twilio.account().auth_token;
  nlohmann::json out = {{"http_statuses", nlohmann::json::array()}};
  for (const std::string& status : *statuses) {
    const bool failing = status == "failed" || status == "undelivered";
    const FormFields form =
        statusCallbackForm(*message, status, failing ? error_code : std::nullopt);
    out["http_statuses"].push_back(sendNow(context, twilioDelivery(target, token, form), out));
  }
  return jsonResponse(out);
}

// "fields": {"ButtonPayload": "...", "MessageType": "button", ...}: Twilio's other inbound
// parameters (a quick-reply tap, a reply's OriginalRepliedMessageSid), each replacing the
// field of that name or appended.
Status addExtraFields(const nlohmann::json& body, FormFields& form) {
  const auto fields = body.find("fields");
  if (fields == body.end() || fields->is_null()) return {};
  if (!fields->is_object()) return invalid("'fields' must be an object of strings");
  for (const auto& [name, value] : fields->items()) {
    if (!value.is_string()) return invalid("'fields' must be an object of strings");
    auto same = std::find_if(form.begin(), form.end(),
                             [&name](const auto& field) { return field.first == name; });
    if (same != form.end()) {
      same->second = value.get<std::string>();
    } else {
      form.emplace_back(name, value.get<std::string>());
    }
  }
  return {};
}

http::Response sendInbound(SimContext& context, const http::Request& request) {
  Result<nlohmann::json> body = parseObject(request.body);
  if (!body) return errorResponse(body.error());
  Result<std::string> from = requiredString(*body, "from");
  if (!from) return errorResponse(from.error());
  Result<std::string> to = requiredString(*body, "to");
  if (!to) return errorResponse(to.error());
  Result<std::optional<std::string>> text = optionalString(*body, "body");
  Result<std::optional<std::string>> url = optionalString(*body, "url");
  Result<std::optional<std::string>> sid = optionalString(*body, "sid");
  Result<std::optional<std::string>> profile = optionalString(*body, "profile_name");
  for (const auto* read : {&text, &url, &sid, &profile}) {
    if (!*read) return errorResponse(read->error());
  }
  const TwilioAccount account = context.twilio.account();
  const std::string target = url->value_or(account.inbound_url);
  if (target.empty()) {
    return errorResponse(invalid("give 'url' or set inbound_url on /_sim/twilio/account"));
  }
  const std::string message_sid = sid->value_or(context.twilio.nextInboundSid());
  const bool whatsapp = isWhatsAppAddress(*from);
  FormFields form = {{"ToCountry", "US"},
                     {"ToState", ""},
                     {"SmsMessageSid", message_sid},
                     {"NumMedia", "0"},
                     {"ToCity", ""},
                     {"FromZip", ""},
                     {"SmsSid", message_sid},
                     {"FromState", ""},
                     {"SmsStatus", "received"},
                     {"FromCity", ""},
                     {"Body", text->value_or("")},
                     {"FromCountry", "US"},
                     {"To", *to},
                     {"ToZip", ""},
                     {"NumSegments", "1"},
                     {"MessageSid", message_sid},
                     {"AccountSid", account.account_sid},
                     {"From", *from},
                     {"ApiVersion", "2010-04-01"}};
  if (whatsapp) {
    form.emplace_back("ProfileName", profile->value_or(""));
    form.emplace_back("WaId", from->substr(from->find('+') + 1));
    form.emplace_back("MessageType", "text");
  }
  if (Status extra = addExtraFields(*body, form); !extra) return errorResponse(extra.error());
  const WebhookDelivery delivery = twilioDelivery(target, account.auth_token, form);
  nlohmann::json out = {{"sid", message_sid}, {"form", formJson(form)}};
  out["http_status"] = sendNow(context, delivery, out);
  out["signature"] = delivery.signature;
  return jsonResponse(out);
}

}  // namespace

WebhookDelivery twilioDelivery(std::string url, std::string_view auth_token,
                               const FormFields& form) {
  WebhookDelivery delivery;
  delivery.signature = channels::twilio::computeTwilioSignature(auth_token, url, form);
  delivery.url = std::move(url);
  delivery.body = channels::twilio::encodeForm(form);
  delivery.content_type = "application/x-www-form-urlencoded";
  delivery.signature_header = "X-Twilio-Signature";
  delivery.user_agent = "TwilioProxy/1.1";
  return delivery;
}

FormFields statusCallbackForm(const TwilioMessage& message, const std::string& status,
                              std::optional<int> error_code) {
  FormFields form = {
      {"MessageSid", message.sid}, {"SmsSid", message.sid},     {"AccountSid", message.account_sid},
      {"From", message.from},      {"To", message.to},          {"MessageStatus", status},
      {"SmsStatus", status},       {"ApiVersion", "2010-04-01"}};
  if (!message.messaging_service_sid.empty()) {
    form.emplace_back("MessagingServiceSid", message.messaging_service_sid);
  }
  if (isWhatsAppAddress(message.to)) {
    form.emplace_back("ChannelPrefix", "whatsapp");
    if (status == "read") form.emplace_back("EventType", "READ");
  } else if (status == "delivered") {
    form.emplace_back("RawDlrDoneDate", "2512061730");
  }
  if (error_code) {
    form.emplace_back("ErrorCode", std::to_string(*error_code));
  }
  return form;
}

void scheduleTwilioStatusCallbacks(SimContext& context, const TwilioMessage& message) {
  if (message.status_callback.empty()) {
    return;
  }
  const TwilioAccount account = context.twilio.account();
  const auto accepted = TimerQueue::Clock::now();
  for (std::size_t i = 0; i < account.statuses.size(); ++i) {
    const std::string& status = account.statuses[i];
    const bool failing = status == "failed" || status == "undelivered";
    const FormFields form = statusCallbackForm(
        message, status, failing ? std::optional<int>(account.failure_error_code) : std::nullopt);
    context.webhooks.enqueue(twilioDelivery(message.status_callback, account.auth_token, form),
                             accepted + account.delayFor(i));
  }
}

void addTwilioCallbackRoutes(http::Router& router, SimContext& context) {
  SimContext* ctx = &context;
  // These wait for the gateway's answer, so they run on the server's blocking pool.
  router.addBlocking("POST", "/_sim/twilio/statuses",
                     [ctx](const http::Request& request) { return sendStatuses(*ctx, request); });
  router.addBlocking("POST", "/_sim/twilio/inbound",
                     [ctx](const http::Request& request) { return sendInbound(*ctx, request); });
}

}  // namespace mensajero::provider_sim
