// The Store contract for the structured content of inbound messages (schema v5 content_json):
// what core stores comes back from the conversation page as the same JSON, on both backends.
#include <nlohmann/json.hpp>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

using Json = nlohmann::json;

TEST_P(StoreContractTest, InboundStructuredContentRoundTrips) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage reply = accept(outbound(clinic.id, "+12015550101", at(1)));
  const Json content = Json::parse(R"({"kind":"flow_reply","name":"intake","body":"Sent",
      "response":{"dolor":"mucho \u00e9","nested":{"list":[1,2.5,-3,true,null]},"empty":{}},
      "truncated":false})");
  InboundEvent event = inboundEvent(clinic.id, "+12015550101", "wamid.IN-CONTENT", at(2));
  event.message_type = "interactive";
  event.content = "[form reply] Sent";
  event.content_json = content.dump();
  EXPECT_EQ(applyInbound(event).inbound_inserted, 1);
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN-TEXT", at(3)));

  const ConversationPage conversation = page(clinic.id, reply.conversation_id);
  ASSERT_EQ(conversation.messages.size(), 3u);
  EXPECT_FALSE(conversation.messages[0].content_json) << "outbound messages have none";
  const MessageRecord& structured = conversation.messages[1];
  EXPECT_EQ(structured.content, "[form reply] Sent");
  ASSERT_TRUE(structured.content_json);
  EXPECT_EQ(Json::parse(*structured.content_json), content);
  EXPECT_FALSE(conversation.messages[2].content_json) << "plain text has none";
}

TEST_P(StoreContractTest, InboundStructuredContentSurvivesAReopen) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage reply = accept(outbound(clinic.id, "+12015550101", at(1)));
  InboundEvent event = inboundEvent(clinic.id, "+12015550101", "wamid.IN-IMG", at(2));
  event.message_type = "media";
  event.content = "[image]";
  event.content_json = R"({"kind":"image","mediaId":"m-1","truncated":false})";
  applyInbound(event);
  reopen();
  const ConversationPage conversation = page(clinic.id, reply.conversation_id);
  ASSERT_EQ(conversation.messages.size(), 2u);
  ASSERT_TRUE(conversation.messages[1].content_json);
  EXPECT_EQ(Json::parse(*conversation.messages[1].content_json)["mediaId"], "m-1");
}

}  // namespace
}  // namespace mensajero::storage::contract
