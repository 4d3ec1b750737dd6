// The Store contract for inbound senders known by a user id and inbound events that are not
// messages (issue 9 items 1 and 4, schema v6).
#include <string>

#include <nlohmann/json.hpp>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

using nlohmann::json;

InboundEvent fromUserOnly(const std::string& organization_id, const std::string& user_id,
                          const std::string& external_id, UnixMillis at) {
  InboundEvent event = inboundEvent(organization_id, "user:" + user_id, external_id, at);
  event.user_id = user_id;
  event.whatsapp_id.clear();
  event.phone.clear();
  return event;
}

InboundEvent eventOf(const std::string& organization_id, const std::string& kind,
                     const std::string& external_id, const std::string& related, UnixMillis at) {
  InboundEvent event = inboundEvent(organization_id, "+12015550101", external_id, at);
  event.kind = kind;
  event.related_external_id = related;
  event.content.clear();
  return event;
}

TEST_P(StoreContractTest, UserIdOnlyInboundIsKeptThenMergedIntoThePhoneConversation) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  EXPECT_EQ(applyInbound(fromUserOnly(clinic.id, "US.1", "wamid.U1", at(1))).inbound_inserted, 1);
  // The store files a message by its conversation key, so a reply to the user-id key finds it.
  const std::string user_conversation =
      accept(outbound(clinic.id, "user:US.1", at(2))).conversation_id;
  EXPECT_EQ(page(clinic.id, user_conversation).messages.size(), 2u);

  InboundEvent both = inboundEvent(clinic.id, "+12015550101", "wamid.U2", at(3));
  both.user_id = "US.1";
  EXPECT_EQ(applyInbound(both).inbound_inserted, 1);
  EXPECT_EQ(applyInbound(fromUserOnly(clinic.id, "US.1", "wamid.U3", at(4))).inbound_inserted, 1);

  const std::string phone_conversation =
      accept(outbound(clinic.id, "+12015550101", at(5))).conversation_id;
  const ConversationPage merged = page(clinic.id, phone_conversation);
  ASSERT_EQ(merged.messages.size(), 5u);
  EXPECT_EQ(merged.messages[0].external_id, "wamid.U1");
  EXPECT_EQ(merged.messages[4].direction, domain::Direction::Outbound);
  const ConversationPage archived = page(clinic.id, user_conversation);
  EXPECT_EQ(archived.conversation.status, "archived");
  EXPECT_TRUE(archived.messages.empty());
  EXPECT_EQ(json::parse(archived.conversation.metadata)["mergedInto"], phone_conversation);
}

TEST_P(StoreContractTest, ReactionIsKeptOnItsMessageAndRemovalClearsIt) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  InboundEvent reaction = eventOf(clinic.id, "reaction", "wamid.R1", "wamid.IN1", at(2));
  reaction.content = "+1";
  EXPECT_EQ(applyInbound(reaction).inbound_events_recorded, 1);
  EXPECT_EQ(applyInbound(reaction).inbound_duplicates, 1);

  const std::string conversation_id =
      accept(outbound(clinic.id, "+12015550101", at(3))).conversation_id;
  ConversationPage conversation = page(clinic.id, conversation_id);
  ASSERT_EQ(conversation.messages.size(), 2u);
  const json metadata = json::parse(conversation.messages[0].metadata);
  EXPECT_EQ(metadata["reactions"]["+12015550101"]["emoji"], "+1");
  ASSERT_EQ(conversation.events.size(), 1u);
  EXPECT_EQ(conversation.events[0].kind, "reaction");
  EXPECT_EQ(conversation.events[0].message_id, conversation.messages[0].id);

  InboundEvent removed = eventOf(clinic.id, "reaction", "wamid.R2", "wamid.IN1", at(4));
  EXPECT_EQ(applyInbound(removed).inbound_events_recorded, 1);
  conversation = page(clinic.id, conversation_id);
  EXPECT_TRUE(json::parse(conversation.messages[0].metadata)["reactions"].empty());
  EXPECT_EQ(conversation.events.size(), 2u);
}

TEST_P(StoreContractTest, EditReplacesTheTextAndKeepsThePreviousOne) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  InboundEvent edit = eventOf(clinic.id, "edit", "wamid.E1", "wamid.IN1", at(2));
  edit.content = "Corrected";
  EXPECT_EQ(applyInbound(edit).inbound_events_recorded, 1);
  EXPECT_EQ(applyInbound(edit).inbound_duplicates, 1);
  const std::string conversation_id =
      accept(outbound(clinic.id, "+12015550101", at(3))).conversation_id;
  const MessageRecord edited = page(clinic.id, conversation_id).messages.at(0);
  EXPECT_EQ(edited.content, "Corrected");
  const json edits = json::parse(edited.metadata)["edits"];
  ASSERT_EQ(edits.size(), 1u);
  EXPECT_EQ(edits[0]["content"], "Thanks, see you then");
}

TEST_P(StoreContractTest, NumberChangeMovesThePatientAndTheConversation) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  InboundEvent change = eventOf(clinic.id, "number_change", "wamid.S1", "", at(2));
  change.new_channel_identifier = "+12015550102";
  change.new_whatsapp_id = "12015550102";
  change.detail = R"({"oldWaId":"12015550101","newWaId":"12015550102"})";
  EXPECT_EQ(applyInbound(change).inbound_events_recorded, 1);
  const std::string conversation_id =
      accept(outbound(clinic.id, "+12015550102", at(3))).conversation_id;
  const ConversationPage conversation = page(clinic.id, conversation_id);
  ASSERT_EQ(conversation.messages.size(), 2u);  // the old number's message is here
  ASSERT_TRUE(conversation.patient.has_value());
  EXPECT_EQ(conversation.patient->phone, "+12015550102");
  EXPECT_EQ(conversation.patient->whatsapp_id, "12015550102");
  ASSERT_EQ(conversation.events.size(), 1u);
  EXPECT_EQ(json::parse(conversation.events[0].detail)["oldWaId"], "12015550101");
}

TEST_P(StoreContractTest, UnsupportedMessageIsAnEventWithItsCodeNotAMessage) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  InboundEvent unsupported = eventOf(clinic.id, "unsupported", "wamid.X1", "", at(1));
  unsupported.code = "meta_131051";
  EXPECT_EQ(applyInbound(unsupported).inbound_events_recorded, 1);
  const std::string conversation_id =
      accept(outbound(clinic.id, "+12015550101", at(2))).conversation_id;
  const ConversationPage conversation = page(clinic.id, conversation_id);
  EXPECT_EQ(conversation.messages.size(), 1u);  // only the outbound one
  ASSERT_EQ(conversation.events.size(), 1u);
  EXPECT_EQ(conversation.events[0].code, "meta_131051");
  EXPECT_EQ(conversation.events[0].external_id, "wamid.X1");
  EXPECT_FALSE(conversation.events[0].message_id.has_value());
}

}  // namespace
}  // namespace mensajero::storage::contract
