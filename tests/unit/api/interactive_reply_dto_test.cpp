// The conversation view shows a tapped reply's id and links it to the question it answers.
#include "api/dto/interactive_reply_dto.h"

#include <gtest/gtest.h>

#include "api/dto/conversation_dto.h"

namespace mensajero::api::dto {
namespace {

using nlohmann::json;

storage::MessageRecord message(std::string id, domain::Direction direction, std::string type) {
  storage::MessageRecord record;
  record.id = std::move(id);
  record.direction = direction;
  record.message_type = std::move(type);
  return record;
}

storage::MessageRecord tap(std::string content_json) {
  storage::MessageRecord record = message("m-in", domain::Direction::Inbound, "interactive");
  record.content = "Confirmo";
  record.content_json = std::move(content_json);
  return record;
}

TEST(InteractiveReplyDtoTest, AnInboundTapShowsItsReply) {
  const json out = messageJson(tap(R"({"kind":"reply","source":"button_reply",
    "reply":{"id":"appt_778_yes","title":"Confirmo"},"inReplyTo":"wamid.OUT7"})"));
  EXPECT_EQ(out["reply"], json::parse(R"({"id":"appt_778_yes","title":"Confirmo",
    "source":"button_reply","inReplyTo":{"externalId":"wamid.OUT7","messageId":null}})"));
}

TEST(InteractiveReplyDtoTest, OtherMessagesHaveNoReply) {
  EXPECT_FALSE(messageJson(tap(R"({"kind":"image"})")).contains("reply"));
  EXPECT_FALSE(
      messageJson(message("m", domain::Direction::Outbound, "interactive")).contains("reply"));
  EXPECT_FALSE(messageJson(tap("{broken")).contains("reply"));
}

TEST(InteractiveReplyDtoTest, LinksAReplyToTheOutboundQuestionOnThePage) {
  storage::ConversationPage page;
  storage::MessageRecord question = message("m-out", domain::Direction::Outbound, "interactive");
  question.external_id = "wamid.OUT7";
  page.messages = {question,
                   tap(R"({"kind":"reply","reply":{"id":"yes"},"inReplyTo":"wamid.OUT7"})"),
                   tap(R"({"kind":"reply","reply":{"id":"no"},"inReplyTo":"wamid.ELSEWHERE"})")};
  const json out = conversationResponse(page);
  EXPECT_EQ(out["messages"][1]["reply"]["inReplyTo"]["messageId"], "m-out");
  EXPECT_TRUE(out["messages"][2]["reply"]["inReplyTo"]["messageId"].is_null());
}

}  // namespace
}  // namespace mensajero::api::dto
