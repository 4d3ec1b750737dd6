#include "channels/twilio/twilio_channel.h"

#include <utility>

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "channels/sms_encoding.h"
#include "channels/twilio/form_encoding.h"
#include "channels/twilio/twilio_errors.h"
#include "common/bounded_json.h"
#include "security/crypto.h"

namespace mensajero::channels::twilio {
namespace {

using Json = nlohmann::json;

constexpr std::chrono::milliseconds kMaxConnectTimeout{3'000};
constexpr std::size_t kMaxBodyCharacters = 1600;  // Twilio's limit (21617)

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// "+<digits>" from an E.164 number in any spelling or a bare WhatsApp id; nullopt when that
// is not an E.164 number.
std::optional<std::string> e164Of(std::string_view recipient) {
  std::string number = "+";
  std::copy_if(recipient.begin(), recipient.end(), std::back_inserter(number), isDigit);
  if (!isE164(number)) return std::nullopt;
  return number;
}

std::string addressed(const TwilioConfig& config, const std::string& number) {
  return config.channel_type == TwilioChannelType::WhatsApp ? "whatsapp:" + number : number;
}

std::size_t codePoints(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

Error invalid(std::string code, std::string message) {
  return makeError(ErrorCategory::Invalid, std::move(code), std::move(message));
}

// The local refusals of TwilioChannel::send, before anything goes out.
Status checkContent(const TwilioConfig& config, const OutboundSend& message) {
  // A template goes out on SMS as its rendered text (content); on WhatsApp through Twilio it
  // would need Twilio's own content templates, which are not supported.
  const bool sms_template =
      message.message_type == "template" && config.channel_type == TwilioChannelType::Sms;
  if (message.message_type != "text" && !sms_template) {
    return invalid("unsupported_message_type", "Twilio channel sends text messages only");
  }
  if (message.content.empty()) {
    return invalid("empty_body", "the message has no text");
  }
  if (codePoints(message.content) > kMaxBodyCharacters) {
    return invalid("body_too_long", "Twilio accepts at most 1600 characters");
  }
  if (config.channel_type == TwilioChannelType::Sms) {
    const SmsSegments segments = countSmsSegments(message.content);
    if (segments.segments > static_cast<std::size_t>(config.max_segments)) {
      return invalid("too_many_segments", "the text needs " + std::to_string(segments.segments) +
                                              " " + std::string(toString(segments.encoding)) +
                                              " SMS parts; at most " +
                                              std::to_string(config.max_segments) + " are allowed");
    }
  }
  return {};
}

FormFields sendForm(const TwilioConfig& config, const std::string& to, const std::string& body) {
  FormFields form = {{"To", addressed(config, to)}};
  if (!config.from.empty()) {
    form.emplace_back("From", addressed(config, config.from));
  } else {
    form.emplace_back("MessagingServiceSid", config.messaging_service_sid);
  }
  form.emplace_back("Body", body);
  if (!config.status_callback_url.empty()) {
    form.emplace_back("StatusCallback", config.status_callback_url);
  }
  return form;
}

transport::HttpCall accountCall(const TwilioConfig& config, std::string method,
                                std::string_view suffix) {
  transport::HttpCall call;
  call.method = std::move(method);
  call.url = config.base_url + "/2010-04-01/Accounts/" + config.account_sid;
  call.url.append(suffix);
  call.headers = {{"Authorization",
                   "Basic " + security::base64Encode(config.account_sid + ":" + config.auth_token)},
                  {"Accept", "application/json"}};
  call.timeout = config.timeout;
  call.connect_timeout = std::min(config.timeout, kMaxConnectTimeout);
  return call;
}

bool isSuccess(long status) { return status >= 200 && status < 300; }

Json parseOrNull(std::string_view text) {
  auto parsed = parseBoundedJson(text);
  return parsed ? std::move(*parsed) : Json();
}

// Retry-After in delta-seconds (a proxy's or Twilio's 429); the HTTP-date form is ignored.
std::optional<long long> retryAfterMs(const transport::HttpReply& reply) {
  const auto header = reply.header("retry-after");
  if (!header || header->empty() || header->size() > 9 ||
      !std::all_of(header->begin(), header->end(), isDigit)) {
    return std::nullopt;
  }
  return std::stoll(*header) * 1000;
}

// Twilio's {code, message, more_info, status} decides when the body carries a code;
// otherwise (a proxy answered) the HTTP status does.
Error errorFromReply(const transport::HttpReply& reply) {
  const Json body = parseOrNull(reply.body);
  const auto code = body.is_object() ? body.find("code") : body.end();
  if (body.is_object() && code != body.end() && code->is_number_integer()) {
    const auto message = body.find("message");
    return classifyTwilioError(
        reply.status, code->get<int>(),
        message != body.end() && message->is_string() ? message->get<std::string>() : "");
  }
  const bool retryable = reply.status >= 500 || reply.status == 408 || reply.status == 429;
  return makeError(
      retryable ? ErrorCategory::Retryable : ErrorCategory::Permanent,
      "twilio_http_" + std::to_string(reply.status),
      "Twilio answered HTTP " + std::to_string(reply.status) + " without an error code");
}

Result<SendAccepted> acceptedFromReply(const transport::HttpReply& reply) {
  const Json body = parseOrNull(reply.body);
  const auto sid = body.is_object() ? body.find("sid") : body.end();
  if (!body.is_object() || sid == body.end() || !sid->is_string() ||
      sid->get_ref<const std::string&>().empty()) {
    // NOTE: Twilio may have accepted the message; a retry risks a duplicate, but dropping it
    // silently would be worse.
    return makeError(ErrorCategory::Retryable, "twilio_bad_response",
                     "Twilio answered 2xx without a message sid");
  }
  return SendAccepted{sid->get<std::string>()};
}

}  // namespace

TwilioChannel::TwilioChannel(TwilioConfig config, transport::HttpClient& client)
    : config_(std::move(config)), client_(client) {}

Result<SendAccepted> TwilioChannel::send(const OutboundSend& message) {
  if (Status refused = checkContent(config_, message); !refused) {
    return refused.error();
  }
  const std::optional<std::string> to = e164Of(message.recipient);
  if (!to) {
    return invalid("invalid_recipient", "recipient is not an E.164 phone number");
  }
  transport::HttpCall call = accountCall(config_, "POST", "/Messages.json");
  call.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  call.body = encodeForm(sendForm(config_, *to, message.content));

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

Status TwilioChannel::checkHealth() {
  Result<transport::HttpReply> reply = client_.perform(accountCall(config_, "GET", ".json"));
  if (!reply) {
    return reply.error();
  }
  if (!isSuccess(reply->status)) {
    return errorFromReply(*reply);
  }
  return {};
}

}  // namespace mensajero::channels::twilio
