// The Store contract for reading a conversation: paging, counters and tenancy.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

std::vector<std::string> idsOf(const ConversationPage& page) {
  std::vector<std::string> ids;
  for (const MessageRecord& m : page.messages) ids.push_back(m.id);
  return ids;
}

TEST_P(StoreContractTest, PagesBackwardsFromTheNewestMessage) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  std::vector<std::string> ids;
  std::string conversation;
  for (int i = 1; i <= 5; ++i) {
    const AcceptedMessage accepted = accept(outbound(clinic.id, "+12015550101", at(i)));
    ids.push_back(accepted.message_id);
    conversation = accepted.conversation_id;
  }
  const ConversationPage newest = page(clinic.id, conversation, 2);
  EXPECT_EQ(idsOf(newest), (std::vector<std::string>{ids[3], ids[4]}));
  EXPECT_TRUE(newest.has_more);
  EXPECT_EQ(newest.total_messages, 5);
  const ConversationPage middle = page(clinic.id, conversation, 2, ids[3]);
  EXPECT_EQ(idsOf(middle), (std::vector<std::string>{ids[1], ids[2]}));
  EXPECT_TRUE(middle.has_more);
  const ConversationPage oldest = page(clinic.id, conversation, 2, ids[1]);
  EXPECT_EQ(idsOf(oldest), (std::vector<std::string>{ids[0]}));
  EXPECT_FALSE(oldest.has_more);
  EXPECT_FALSE(page(clinic.id, conversation, 5).has_more);
}

TEST_P(StoreContractTest, OrdersMessagesOfTheSameMillisecondByArrival) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  std::vector<std::string> ids;
  std::string conversation;
  for (int i = 0; i < 3; ++i) {
    const AcceptedMessage accepted = accept(outbound(clinic.id, "+12015550101", at(1)));
    ids.push_back(accepted.message_id);
    conversation = accepted.conversation_id;
  }
  EXPECT_EQ(idsOf(page(clinic.id, conversation)), ids);
  const ConversationPage last = page(clinic.id, conversation, 1);
  EXPECT_EQ(idsOf(last), (std::vector<std::string>{ids[2]}));
  EXPECT_EQ(idsOf(page(clinic.id, conversation, 1, ids[2])), (std::vector<std::string>{ids[1]}));
  EXPECT_EQ(idsOf(page(clinic.id, conversation, 1, ids[1])), (std::vector<std::string>{ids[0]}));
}

TEST_P(StoreContractTest, CountsInboundAfterTheLastOutboundAsUnread) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string conversation =
      accept(outbound(clinic.id, "+12015550101", at(1))).conversation_id;
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN2", at(2)));
  accept(outbound(clinic.id, "+12015550101", at(3)));
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN4", at(4)));
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN5", at(5)));
  const ConversationPage conversation_page = page(clinic.id, conversation);
  EXPECT_EQ(conversation_page.total_messages, 5);
  EXPECT_EQ(conversation_page.unread_count, 2);
  EXPECT_EQ(conversation_page.last_activity, at(5));

  accept(outbound(clinic.id, "+12015550101", at(6)));
  EXPECT_EQ(page(clinic.id, conversation).unread_count, 0);
}

TEST_P(StoreContractTest, ConversationOfAnotherOrganizationIsNotVisible) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord intruder = makeOrganization("Intruder");
  const std::string conversation =
      accept(outbound(clinic.id, "+12015550101", at(1))).conversation_id;
  EXPECT_FALSE(
      must(store().getConversation(intruder.id, conversation, 10, std::nullopt)).has_value());
  EXPECT_FALSE(must(store().getConversation(clinic.id, "missing", 10, std::nullopt)).has_value());
}

TEST_P(StoreContractTest, CursorOutsideTheConversationIsInvalid) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string conversation =
      accept(outbound(clinic.id, "+12015550101", at(1))).conversation_id;
  const std::string elsewhere = accept(outbound(clinic.id, "+12015550102", at(1))).message_id;
  auto refused = store().getConversation(clinic.id, conversation, 10, elsewhere);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
}

}  // namespace
}  // namespace mensajero::storage::contract
