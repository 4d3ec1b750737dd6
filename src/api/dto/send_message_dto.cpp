#include "api/dto/send_message_dto.h"

#include <string_view>

namespace mensajero::api::dto {
namespace {

using nlohmann::json;

Error fieldError(std::string_view field, std::string_view problem) {
  return makeError(ErrorCategory::Invalid, "invalid_request",
                   std::string(field) + " " + std::string(problem));
}

// The string at body[object][field]; fails naming "object.field".
Result<std::string> requiredString(const json& object, std::string_view path, const char* field) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) return fieldError(path, "is required");
  if (!it->is_string()) return fieldError(path, "must be a string");
  return it->get<std::string>();
}

Result<const json*> requiredObject(const json& body, const char* field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return fieldError(field, "is required");
  if (!it->is_object()) return fieldError(field, "must be an object");
  return &*it;
}

Status readOptions(const json& body, core::SendRequest& request) {
  auto it = body.find("options");
  if (it == body.end() || it->is_null()) return {};
  if (!it->is_object()) return fieldError("options", "must be an object");
  const json& options = *it;
  if (auto p = options.find("priority"); p != options.end() && !p->is_null()) {
    if (!p->is_string()) return fieldError("options.priority", "must be a string");
    request.priority = p->get<std::string>();
  }
  if (auto f = options.find("fallbackChannels"); f != options.end() && !f->is_null()) {
    if (!f->is_array()) return fieldError("options.fallbackChannels", "must be an array");
    // Which channels, in which order, is core's rule (core/channel_plan.h); here only the shape.
    request.fallback_channels.emplace();
    for (const auto& channel : *f) {
      if (!channel.is_string()) return fieldError("options.fallbackChannels", "must hold strings");
      request.fallback_channels->push_back(channel.get<std::string>());
    }
  }
  if (auto s = options.find("scheduledAt"); s != options.end() && !s->is_null()) {
    if (!s->is_string()) return fieldError("options.scheduledAt", "must be a string");
    auto at = parseIso8601(s->get_ref<const std::string&>());
    if (!at) {
      return makeError(ErrorCategory::Invalid, "invalid_scheduled_at",
                       "options.scheduledAt must be an ISO 8601 timestamp with a time zone");
    }
    request.scheduled_at = *at;
  }
  return {};
}

}  // namespace

Result<core::SendRequest> parseSendMessageRequest(const json& body,
                                                  const std::string& organization_id) {
  core::SendRequest request;
  request.organization_id = organization_id;

  if (auto it = body.find("conversationId"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) return fieldError("conversationId", "must be a string");
    request.conversation_id = it->get<std::string>();
  }

  auto recipient = requiredObject(body, "recipient");
  if (!recipient) return recipient.error();
  auto type = requiredString(**recipient, "recipient.type", "type");
  if (!type) return type.error();
  auto value = requiredString(**recipient, "recipient.value", "value");
  if (!value) return value.error();
  request.recipient_type = std::move(*type);
  request.recipient_value = std::move(*value);

  auto message = requiredObject(body, "message");
  if (!message) return message.error();
  auto message_type = requiredString(**message, "message.type", "type");
  if (!message_type) return message_type.error();
  request.message_type = std::move(*message_type);
  auto content = (*message)->find("content");
  if (content == (*message)->end() || content->is_null()) {
    return fieldError("message.content", "is required");
  }
  if (request.message_type == "text" && !content->is_string()) {
    return fieldError("message.content", "must be a string for a text message");
  }
  // Structured content is stored as JSON text. The body came from parseJsonObject, whose
  // depth bound keeps dump()'s recursion short.
  request.content = content->is_string() ? content->get<std::string>() : content->dump();

  if (auto options = readOptions(body, request); !options) return options.error();
  return request;
}

json sendMessageResponse(const core::SendTicket& ticket, const delivery::AttemptOutcome& outcome,
                         std::optional<UnixMillis> estimated_delivery) {
  json response = {{"messageId", ticket.message_id},
                   {"conversationId", ticket.conversation_id},
                   {"status", outcome.status}};
  if (estimated_delivery) response["estimatedDelivery"] = formatIso8601(*estimated_delivery);
  // The spec's fallbackUsed: the channel that carries the message when it is not WhatsApp.
  if (const auto& used = outcome.fallback_used ? outcome.fallback_used : ticket.fallback_used) {
    response["fallbackUsed"] = *used;
  }
  if (ticket.template_name) {
    response["template"] = {{"name", *ticket.template_name},
                            {"language", ticket.template_language.value_or("")}};
  }
  if (outcome.error) {
    response["error"] = {{"code", outcome.error->code},
                         {"message", outcome.error->message},
                         {"retryable", outcome.error->retryable()}};
  }
  return response;
}

}  // namespace mensajero::api::dto
