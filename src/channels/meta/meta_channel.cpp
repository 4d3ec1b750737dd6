#include "channels/meta/meta_channel.h"

#include <utility>

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "channels/meta/meta_errors.h"
#include "channels/meta/meta_json.h"
#include "channels/meta/meta_template_payload.h"

namespace mensajero::channels::meta {
namespace {

using Json = nlohmann::json;
namespace jf = json_fields;

constexpr std::chrono::milliseconds kMaxConnectTimeout{3'000};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// A bare digit string is a wa_id and goes out untouched; anything else is a phone number in
// E.164, sent with '+' because without it Meta prepends the business number's country code.
// Empty when there are no digits at all.
std::string recipientField(std::string_view recipient) {
  std::string digits;
  std::copy_if(recipient.begin(), recipient.end(), std::back_inserter(digits), isDigit);
  if (digits.empty() || digits.size() == recipient.size()) {
    return digits;
  }
  return "+" + digits;
}

std::string textPayload(const OutboundSend& message, std::string to) {
  const Json payload = {
      {"messaging_product", "whatsapp"},
      {"recipient_type", "individual"},
      {"to", std::move(to)},
      {"type", "text"},
      {"text", {{"preview_url", false}, {"body", message.content}}},
      {"biz_opaque_callback_data", message.message_id},
  };
  // Content is validated as UTF-8 upstream; replacing stray bytes beats throwing here.
  return payload.dump(-1, ' ', false, Json::error_handler_t::replace);
}

bool isSuccess(long status) { return status >= 200 && status < 300; }

// Retry-After in delta-seconds. Meta documents none for sends, but proxies in front of it
// and the simulator send one; the HTTP-date form is ignored (the backoff applies instead).
std::optional<long long> retryAfterMs(const transport::HttpReply& reply) {
  const auto header = reply.header("retry-after");
  if (!header || header->empty() || header->size() > 9) return std::nullopt;
  long long seconds = 0;
  for (const char c : *header) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = seconds * 10 + (c - '0');
  }
  return seconds * 1000;
}

// Maps a non-2xx answer. Meta's numeric code decides when the body carries one; otherwise
// (a proxy or load balancer answered) the HTTP status does.
Error errorFromReply(const transport::HttpReply& reply) {
  const Json body = jf::parseOrNull(reply.body);
  const Json* error = jf::member(body, "error");
  const Json* code = error != nullptr ? jf::member(*error, "code") : nullptr;
  if (code != nullptr && code->is_number_integer()) {
    return classifyMetaError(reply.status, code->get<int>(), jf::getString(*error, "message"));
  }
  // 408 and 429 say "not now" whoever sends them, so they are retried like a 5xx.
  const bool retryable = reply.status >= 500 || reply.status == 408 || reply.status == 429;
  return makeError(
      retryable ? ErrorCategory::Retryable : ErrorCategory::Permanent,
      "meta_http_" + std::to_string(reply.status),
      "Graph API answered HTTP " + std::to_string(reply.status) + " without an error code");
}

Result<SendAccepted> acceptedFromReply(const transport::HttpReply& reply) {
  const Json body = jf::parseOrNull(reply.body);
  const Json& messages = jf::getArray(body, "messages");
  std::string id = messages.empty() ? std::string() : jf::getString(messages.front(), "id");
  if (id.empty()) {
    // NOTE: Meta may have accepted the message; a retry risks a duplicate, but dropping it
    // silently would be worse.
    return makeError(ErrorCategory::Retryable, "meta_bad_response",
                     "Graph API answered 2xx without messages[0].id");
  }
  return SendAccepted{std::move(id)};
}

// A Graph API call on this phone number: {base_url}/{api_version}/{phone_number_id}/{edge}.
transport::HttpCall graphCall(const MetaConfig& config, std::string method, std::string_view edge) {
  transport::HttpCall call;
  call.method = std::move(method);
  call.url = config.base_url + "/" + config.api_version + "/" + config.phone_number_id + "/";
  call.url.append(edge);
  call.headers = {{"Authorization", "Bearer " + config.access_token}};
  call.timeout = config.timeout;
  call.connect_timeout = std::min(config.timeout, kMaxConnectTimeout);
  return call;
}

}  // namespace

MetaChannel::MetaChannel(MetaConfig config, transport::HttpClient& client)
    : config_(std::move(config)), client_(client) {}

Result<SendAccepted> MetaChannel::send(const OutboundSend& message) {
  if (message.message_type != "text" && message.message_type != "template") {
    return makeError(ErrorCategory::Invalid, "unsupported_message_type",
                     "Meta channel sends text and template messages only");
  }
  std::string to = recipientField(message.recipient);
  if (to.empty()) {
    return makeError(ErrorCategory::Invalid, "invalid_recipient", "recipient has no digits");
  }
  transport::HttpCall call = graphCall(config_, "POST", "messages");
  call.headers.emplace_back("Content-Type", "application/json");
  Result<std::string> body = message.message_type == "template"
                                 ? templatePayload(message, to)
                                 : Result<std::string>(textPayload(message, std::move(to)));
  if (!body) return body.error();
  call.body = std::move(*body);

  Result<transport::HttpReply> reply = client_.perform(call);
  if (!reply) {
    return reply.error();
  }
  if (!isSuccess(reply->status)) {
    Error error = errorFromReply(*reply);
    error.retry_after_ms = retryAfterMs(*reply);
    return error;
  }
  return acceptedFromReply(*reply);
}

Status MetaChannel::checkHealth() {
  Result<transport::HttpReply> reply =
      client_.perform(graphCall(config_, "GET", "whatsapp_business_profile"));
  if (!reply) {
    return reply.error();
  }
  if (!isSuccess(reply->status)) {
    return errorFromReply(*reply);
  }
  return {};
}

}  // namespace mensajero::channels::meta
