#pragma once

#include <nlohmann/json.hpp>

namespace mensajero::api::dto {

// For an inbound interactive message (a tapped reply button, list row or template quick reply)
// whose structuredContent is a reply (core/inbound_content.h): adds
//   "reply": {"id", "title", "description"?, "source", "inReplyTo": {"externalId", "messageId"}}
// to the message's JSON (`message`, as messageJson built it), the id being what the clinic's
// system acts on. inReplyTo is present when the provider named the message answered;
// messageId is null until linkRepliesToQuestions finds it. No change for other messages.
void addInteractiveReply(nlohmann::json& message);

// Sets reply.inReplyTo.messageId of every reply in `messages` (a page of message JSON) to the
// id of the outbound message on the same page whose externalId it names, so a clinic matches
// "Confirmo" to the question it answers. A question on an earlier page stays null.
void linkRepliesToQuestions(nlohmann::json& messages);

}  // namespace mensajero::api::dto
