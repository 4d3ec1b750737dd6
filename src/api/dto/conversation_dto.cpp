#include "api/dto/conversation_dto.h"

#include "api/dto/interactive_reply_dto.h"
#include "common/bounded_json.h"
#include "core/channel_plan.h"

namespace mensajero::api::dto {
namespace {

using nlohmann::json;

json optionalTime(const std::optional<UnixMillis>& at) {
  return at ? json(formatIso8601(*at)) : json(nullptr);
}

json optionalText(const std::optional<std::string>& text) {
  return text ? json(*text) : json(nullptr);
}

json parsedObject(const std::string& text) {
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return parsed.is_object() ? parsed : json::object();
}

// What a message's metadata holds, shown only when there is any: reactions (latest per
// sender) and the previous texts of an edited message (storage/message_metadata.h), and for an
// outbound message its SMS cost and its template, media or interactive parts (SendService).
void addMetadataFields(const storage::MessageRecord& message, json& out) {
  if (message.metadata.size() <= 2) return;  // "{}"
  const json metadata = parsedObject(message.metadata);
  if (const auto it = metadata.find("reactions"); it != metadata.end() && it->is_object()) {
    json reactions = json::array();
    for (const auto& [sender, reaction] : it->items()) {
      reactions.push_back({{"from", sender},
                           {"emoji", reaction.value("emoji", "")},
                           {"at", reaction.value("at", "")}});
    }
    if (!reactions.empty()) out["reactions"] = std::move(reactions);
  }
  if (const auto it = metadata.find("edits"); it != metadata.end() && it->is_array()) {
    out["edits"] = *it;
  }
  // An outbound message whose plan has an SMS step: its encoding and parts (core/send_service).
  if (const auto it = metadata.find("sms"); it != metadata.end() && it->is_object()) {
    out["sms"] = *it;
  }
  // What a structured outbound message was made of, beside the text the patient saw
  // (content): the template and the language used, the file, the buttons or list. Only the
  // client's own terms: never a provider's ids.
  const auto pick = [&metadata, &out](const char* key, std::initializer_list<const char*> keep) {
    const auto it = metadata.find(key);
    if (it == metadata.end() || !it->is_object()) return;
    json shown = json::object();
    for (const char* field : keep) {
      if (const auto value = it->find(field); value != it->end()) shown[field] = *value;
    }
    out[key] = std::move(shown);
  };
  pick("template", {"id", "name", "language"});
  pick("media", {"kind", "mediaId", "link", "filename", "mimeType"});
  if (const auto it = metadata.find("interactive"); it != metadata.end() && it->is_object()) {
    out["interactive"] = *it;
  }
}

json eventJson(const storage::InboundEventRecord& event) {
  return {{"id", event.id},
          {"kind", event.kind},
          {"externalId", event.external_id},
          {"relatedExternalId", optionalText(event.related_external_id)},
          {"messageId", optionalText(event.message_id)},
          {"code", optionalText(event.code)},
          {"detail", parsedObject(event.detail)},
          {"createdAt", formatIso8601(event.created_at)}};
}

// The stored structured content (core/inbound_content.h) as an object, null for plain text.
// Read within the gateway's JSON bounds like any stored JSON; a row that does not parse (it
// cannot, short of a hand edit) shows null rather than failing the whole page.
json structuredContent(const std::optional<std::string>& stored) {
  if (!stored || stored->empty()) return nullptr;
  auto parsed = parseBoundedJson(*stored);
  return parsed && parsed->is_object() ? std::move(*parsed) : json(nullptr);
}

}  // namespace

json messageJson(const storage::MessageRecord& message) {
  json error = nullptr;
  if (message.error_code || message.error_message) {
    error = {{"code", optionalText(message.error_code)},
             {"message", optionalText(message.error_message)}};
  }
  json out = {{"id", message.id},
              {"conversationId", message.conversation_id},
              {"direction", std::string(domain::toText(message.direction))},
              {"type", message.message_type},
              {"content", message.content},
              {"structuredContent", structuredContent(message.content_json)},
              {"status", std::string(domain::toText(message.delivery_status))},
              {"priority", std::string(domain::toText(message.priority))},
              {"externalId", optionalText(message.external_id)},
              {"error", error},
              {"createdAt", formatIso8601(message.created_at)},
              {"sentAt", optionalTime(message.sent_at)},
              {"deliveredAt", optionalTime(message.delivered_at)},
              {"readAt", optionalTime(message.read_at)}};
  addMetadataFields(message, out);
  addInteractiveReply(out);
  return out;
}

json conversationResponse(const storage::ConversationPage& page) {
  json patient = nullptr;
  if (page.patient) {
    patient = {
        {"id", page.patient->id}, {"name", page.patient->name}, {"phone", page.patient->phone}};
  }
  json messages = json::array();
  for (const auto& message : page.messages) {
    json out = messageJson(message);
    // The channel that carries (or carried) it: an outbound message's plan step, since one
    // that fell back stays in the conversation it was sent in; inbound, the conversation's.
    out["channel"] = message.direction == domain::Direction::Outbound
                         ? core::channelAtStep(message.channel_plan, message.plan_step)
                         : std::string(domain::toText(page.conversation.channel_type));
    messages.push_back(std::move(out));
  }
  linkRepliesToQuestions(messages);
  json events = json::array();
  for (const auto& event : page.events) events.push_back(eventJson(event));
  json before =
      page.has_more && !page.messages.empty() ? json(page.messages.front().id) : json(nullptr);
  return {{"id", page.conversation.id},
          {"patient", patient},
          {"channel",
           {{"type", std::string(domain::toText(page.conversation.channel_type))},
            {"identifier", page.conversation.channel_identifier},
            {"status", page.conversation.status}}},
          {"messages", messages},
          {"events", events},
          {"metadata",
           {{"totalMessages", page.total_messages},
            {"unreadCount", page.unread_count},
            {"lastActivity", formatIso8601(page.last_activity)}}},
          {"paging", {{"hasMore", page.has_more}, {"before", before}}}};
}

}  // namespace mensajero::api::dto
