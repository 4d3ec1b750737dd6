#include "api/dto/interactive_reply_dto.h"

#include <map>
#include <string>

namespace mensajero::api::dto {
namespace {

using nlohmann::json;

std::string stringAt(const json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

void addInteractiveReply(json& message) {
  if (stringAt(message, "direction") != "inbound" || stringAt(message, "type") != "interactive") {
    return;
  }
  const auto content = message.find("structuredContent");
  if (content == message.end() || !content->is_object() || stringAt(*content, "kind") != "reply") {
    return;
  }
  const auto chosen = content->find("reply");
  if (chosen == content->end() || !chosen->is_object()) return;
  json reply = {{"id", stringAt(*chosen, "id")}, {"title", stringAt(*chosen, "title")}};
  if (const std::string description = stringAt(*chosen, "description"); !description.empty()) {
    reply["description"] = description;
  }
  reply["source"] = stringAt(*content, "source");
  if (const std::string answered = stringAt(*content, "inReplyTo"); !answered.empty()) {
    reply["inReplyTo"] = {{"externalId", answered}, {"messageId", nullptr}};
  }
  message["reply"] = std::move(reply);
}

void linkRepliesToQuestions(json& messages) {
  if (!messages.is_array()) return;
  std::map<std::string, std::string> by_external_id;
  for (const json& message : messages) {
    const std::string external_id = stringAt(message, "externalId");
    if (stringAt(message, "direction") == "outbound" && !external_id.empty()) {
      by_external_id.emplace(external_id, stringAt(message, "id"));
    }
  }
  for (json& message : messages) {
    const auto reply = message.find("reply");
    if (reply == message.end() || !reply->is_object() || !reply->contains("inReplyTo")) continue;
    json& answered = (*reply)["inReplyTo"];
    const auto found = by_external_id.find(stringAt(answered, "externalId"));
    if (found != by_external_id.end()) answered["messageId"] = found->second;
  }
}

}  // namespace mensajero::api::dto
