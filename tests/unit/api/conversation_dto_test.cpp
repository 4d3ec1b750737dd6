#include "api/dto/conversation_dto.h"

#include <gtest/gtest.h>

namespace mensajero::api::dto {
namespace {

storage::MessageRecord inboundMessage(std::optional<std::string> content_json) {
  storage::MessageRecord message;
  message.id = "m-1";
  message.direction = "inbound";
  message.content = "[image]";
  message.message_type = "media";
  message.content_json = std::move(content_json);
  return message;
}

TEST(ConversationDtoTest, StructuredContentIsTheStoredObject) {
  const auto json = messageJson(inboundMessage(R"({"kind":"image","mediaId":"x"})"));
  EXPECT_EQ(json["content"], "[image]");
  EXPECT_EQ(json["structuredContent"], nlohmann::json({{"kind", "image"}, {"mediaId", "x"}}));
}

TEST(ConversationDtoTest, StructuredContentIsNullWithoutOrWithUnreadableStoredContent) {
  EXPECT_TRUE(messageJson(inboundMessage(std::nullopt))["structuredContent"].is_null());
  EXPECT_TRUE(messageJson(inboundMessage("{broken"))["structuredContent"].is_null());
  EXPECT_TRUE(messageJson(inboundMessage("[1,2]"))["structuredContent"].is_null());
}

}  // namespace
}  // namespace mensajero::api::dto
