// Taps on reply buttons, list rows and template quick replies (providers.md §1.5, §2.3) read
// into one neutral InboundReply, within its bounds, whichever provider carried them.
#include "channels/inbound_reply.h"

#include <string>

#include <gtest/gtest.h>

#include "channels/meta/meta_inbound_content.h"
#include "channels/twilio/twilio_events.h"

namespace mensajero::channels {
namespace {

using Json = nlohmann::json;

InboundContent parseMeta(const Json& message) {
  return meta::parseMetaInboundContent(message, message.value("type", std::string()));
}

InboundReply replyOf(const InboundContent& content) {
  EXPECT_TRUE(std::holds_alternative<InboundReply>(content.value));
  return std::holds_alternative<InboundReply>(content.value) ? std::get<InboundReply>(content.value)
                                                             : InboundReply{};
}

TEST(InboundReplyTest, MetaButtonReplyKeepsIdTitleAndTheMessageItAnswers) {
  const auto content = parseMeta(Json::parse(R"({"context":{"from":"15550783881",
    "id":"wamid.OUT7"},"from":"5215512345678","id":"wamid.IN7","timestamp":"1750030100",
    "type":"interactive","interactive":{"type":"button_reply",
    "button_reply":{"id":"appt_778_yes","title":"Confirmo"}}})"));
  const InboundReply reply = replyOf(content);
  EXPECT_EQ(reply.source, "button_reply");
  EXPECT_EQ(reply.id, "appt_778_yes");
  EXPECT_EQ(reply.title, "Confirmo");
  EXPECT_EQ(reply.context_id, "wamid.OUT7");
  EXPECT_FALSE(content.trimmed);
}

TEST(InboundReplyTest, MetaListReplyKeepsTheRowsDescription) {
  const InboundReply reply = replyOf(parseMeta(Json::parse(R"({"type":"interactive",
    "interactive":{"type":"list_reply","list_reply":{"id":"slot_1","title":"09:00",
    "description":"Dr. Ruiz"}}})")));
  EXPECT_EQ(reply.source, "list_reply");
  EXPECT_EQ(reply.id, "slot_1");
  EXPECT_EQ(reply.title, "09:00");
  EXPECT_EQ(reply.description, "Dr. Ruiz");
  EXPECT_EQ(reply.context_id, "");
}

TEST(InboundReplyTest, MetaTemplateQuickReplyTapKeepsPayloadAsId) {
  const InboundReply reply = replyOf(parseMeta(Json::parse(R"({"context":{"id":"wamid.TPL1"},
    "type":"button","button":{"payload":"CONFIRM:appt_778","text":"Confirmar"}})")));
  EXPECT_EQ(reply.source, "button");
  EXPECT_EQ(reply.id, "CONFIRM:appt_778");
  EXPECT_EQ(reply.title, "Confirmar");
  EXPECT_EQ(reply.context_id, "wamid.TPL1");
}

TEST(InboundReplyTest, OversizedOrMistypedFieldsAreCutOrAbsent) {
  Json message = Json::parse(R"({"type":"interactive","interactive":{"type":"button_reply",
    "button_reply":{"title":7}}})");
  message["interactive"]["button_reply"]["id"] = std::string(5000, 'i');
  message["context"] = {{"id", std::string(300, 'w') + "ñ"}};
  const auto content = parseMeta(message);
  const InboundReply reply = replyOf(content);
  EXPECT_EQ(reply.id.size(), kMaxReplyIdBytes);
  EXPECT_EQ(reply.title, "");
  EXPECT_EQ(reply.context_id.size(), kMaxReplyContextIdBytes);
  EXPECT_TRUE(content.trimmed);
}

TEST(InboundReplyTest, BoundsKeepUtf8WholeAndDropNuls) {
  InboundReply reply{"button", std::string("a\0b", 3), std::string(255, 'x') + "ñ", "", ""};
  EXPECT_TRUE(boundInboundReply(reply));
  EXPECT_EQ(reply.id, "ab");
  EXPECT_EQ(reply.title, std::string(255, 'x'));  // the 2-byte ñ would pass 256
}

TEST(InboundReplyTest, TwilioQuickReplyTapIsStoredLikeMetas) {
  twilio::TwilioInboundMessage inbound;
  inbound.message_sid = "SM1";
  inbound.from = "whatsapp:+5215512345678";
  inbound.to = "whatsapp:+15550783881";
  inbound.whatsapp = true;
  inbound.body = "Confirmar";
  inbound.button_text = "Confirmar";
  inbound.button_payload = "CONFIRM:appt_778";
  inbound.replied_to_sid = "SM0";
  const WebhookEvents events = twilio::toWebhookEvents(twilio::TwilioWebhook(inbound));
  ASSERT_EQ(events.messages.size(), 1u);
  EXPECT_EQ(events.messages[0].message_type, "interactive");
  EXPECT_EQ(events.messages[0].text, "Confirmar");
  const InboundReply reply = replyOf(events.messages[0].content);
  EXPECT_EQ(reply.source, "button");
  EXPECT_EQ(reply.id, "CONFIRM:appt_778");
  EXPECT_EQ(reply.title, "Confirmar");
  EXPECT_EQ(reply.context_id, "SM0");
}

}  // namespace
}  // namespace mensajero::channels
