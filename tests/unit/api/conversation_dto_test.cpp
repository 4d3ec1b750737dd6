#include "api/dto/conversation_dto.h"

#include <gtest/gtest.h>

namespace mensajero::api::dto {
namespace {

storage::MessageRecord inboundMessage(std::optional<std::string> content_json) {
  storage::MessageRecord message;
  message.id = "m-1";
  message.direction = domain::Direction::Inbound;
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

// The enums reach the API as the text clients know, never as numbers (nlohmann::json would
// write an enum class as its number without complaint).
TEST(ConversationDtoTest, EnumsAreWrittenAsTheirText) {
  storage::MessageRecord message = inboundMessage(std::nullopt);
  message.delivery_status = domain::DeliveryStatus::Read;
  message.priority = domain::Priority::High;
  const auto json = messageJson(message);
  EXPECT_EQ(json["direction"], "inbound");
  EXPECT_EQ(json["status"], "read");
  EXPECT_EQ(json["priority"], "high");

  storage::ConversationPage page;
  page.conversation.channel_type = domain::ChannelType::Sms;
  EXPECT_EQ(conversationResponse(page)["channel"]["type"], "sms");
}

TEST(ConversationDtoTest, EachMessageShowsTheChannelThatCarriesIt) {
  storage::ConversationPage page;
  page.conversation.channel_type = domain::ChannelType::WhatsApp;
  storage::MessageRecord fell_back;
  fell_back.id = "m-out";
  fell_back.direction = domain::Direction::Outbound;
  fell_back.channel_plan = "whatsapp,sms";
  fell_back.plan_step = 1;
  storage::MessageRecord on_whatsapp = fell_back;
  on_whatsapp.id = "m-wa";
  on_whatsapp.plan_step = 0;
  page.messages = {fell_back, on_whatsapp, inboundMessage(std::nullopt)};
  const auto json = conversationResponse(page);
  ASSERT_EQ(json["messages"].size(), 3u);
  EXPECT_EQ(json["messages"][0]["channel"], "sms");
  EXPECT_EQ(json["messages"][1]["channel"], "whatsapp");
  EXPECT_EQ(json["messages"][2]["channel"], "whatsapp");  // inbound: the conversation's
}

}  // namespace
}  // namespace mensajero::api::dto
