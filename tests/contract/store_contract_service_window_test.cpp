// The Store contract for the customer-service window's start: each conversation keeps the
// (provider) time of its newest inbound message, and a message read for its attempt carries it.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

constexpr const char* kPatient = "+12015550101";

TEST_P(StoreContractTest, AConversationHasNoInboundTimeUntilThePatientWrites) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage sent = accept(outbound(clinic.id, kPatient, at(1)));
  EXPECT_FALSE(page(clinic.id, sent.conversation_id).conversation.last_inbound_at);
  EXPECT_FALSE(message(sent.message_id).conversation_last_inbound_at);
}

TEST_P(StoreContractTest, AnInboundMessageSetsItsConversationsInboundTimeToItsOwnTime) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage sent = accept(outbound(clinic.id, kPatient, at(1)));
  ASSERT_EQ(applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN1", at(5))).inbound_inserted,
            1);
  EXPECT_EQ(page(clinic.id, sent.conversation_id).conversation.last_inbound_at, at(5));
  // The attempt's read of the message brings it along: no query of its own per send.
  EXPECT_EQ(message(sent.message_id).conversation_last_inbound_at, at(5));
}

TEST_P(StoreContractTest, AnOlderInboundMessageNeverMovesTheInboundTimeBack) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage sent = accept(outbound(clinic.id, kPatient, at(1)));
  applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN10", at(10)));
  // Delivered late (providers do not keep order): older than what is stored.
  ASSERT_EQ(applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN4", at(4))).inbound_inserted,
            1);
  EXPECT_EQ(page(clinic.id, sent.conversation_id).conversation.last_inbound_at, at(10));
  applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN12", at(12)));
  EXPECT_EQ(page(clinic.id, sent.conversation_id).conversation.last_inbound_at, at(12));
}

TEST_P(StoreContractTest, ADuplicateOrAnEventThatIsNotAMessageLeavesTheInboundTime) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage sent = accept(outbound(clinic.id, kPatient, at(1)));
  applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN1", at(5)));
  InboundEvent redelivered = inboundEvent(clinic.id, kPatient, "wamid.IN1", at(50));
  redelivered.event_key = "meta:wamid.IN1:again";
  EXPECT_EQ(applyInbound(redelivered).inbound_duplicates, 1);
  InboundEvent reaction = inboundEvent(clinic.id, kPatient, "wamid.R1", at(60));
  reaction.kind = "reaction";
  reaction.related_external_id = "wamid.IN1";
  reaction.content = "+1";
  EXPECT_EQ(applyInbound(reaction).inbound_events_recorded, 1);
  EXPECT_EQ(page(clinic.id, sent.conversation_id).conversation.last_inbound_at, at(5));
}

TEST_P(StoreContractTest, TheInboundTimeIsTheProvidersTimeOfSendingWhenItGivesOne) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage sent = accept(outbound(clinic.id, kPatient, at(1)));
  InboundEvent late = inboundEvent(clinic.id, kPatient, "wamid.IN1", at(90));
  late.sent_at = at(3);  // sent long before a retried webhook brought it
  applyInbound(late);
  EXPECT_EQ(page(clinic.id, sent.conversation_id).conversation.last_inbound_at, at(3));
}

TEST_P(StoreContractTest, EachConversationKeepsItsOwnInboundTime) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage wrote = accept(outbound(clinic.id, kPatient, at(1)));
  const AcceptedMessage silent = accept(outbound(clinic.id, "+12015550102", at(1)));
  applyInbound(inboundEvent(clinic.id, kPatient, "wamid.IN1", at(5)));
  EXPECT_EQ(message(wrote.message_id).conversation_last_inbound_at, at(5));
  EXPECT_FALSE(message(silent.message_id).conversation_last_inbound_at);
}

}  // namespace
}  // namespace mensajero::storage::contract
