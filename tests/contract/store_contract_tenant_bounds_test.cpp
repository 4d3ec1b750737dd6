// The Store contract for what keeps one organization's sends from reaching into another's:
// a conversation given by id must be the recipient's (issue 8 item 11), and the backlog is
// counted per organization (issue 8 item 5).
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

TEST_P(StoreContractTest, AcceptOutboundIntoAnotherPatientsConversationIsRefused) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage first = accept(outbound(clinic.id, "+12015550101", at(1)));
  NewOutboundMessage misfiled = outbound(clinic.id, "+12015550199", at(2));
  misfiled.conversation_id = first.conversation_id;
  auto refused = store().acceptOutbound(misfiled);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(refused.error().code, "conversation_recipient_mismatch");
  EXPECT_EQ(page(clinic.id, first.conversation_id).total_messages, 1);
}

TEST_P(StoreContractTest, AcceptOutboundIntoTheRecipientsOwnConversationByIdIsAccepted) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage first = accept(outbound(clinic.id, "+12015550101", at(1)));
  NewOutboundMessage follow_up = outbound(clinic.id, "+12015550101", at(2));
  follow_up.conversation_id = first.conversation_id;
  EXPECT_EQ(accept(follow_up).conversation_id, first.conversation_id);
}

TEST_P(StoreContractTest, CountsPendingOutboundPerOrganization) {
  const OrganizationRecord busy = makeOrganization("Busy");
  const OrganizationRecord quiet = makeOrganization("Quiet");
  // Sent first, while it is the only due message: no longer pending.
  const std::string sent = sentMessage(quiet.id, "+12015550103", "wamid.Q1", at(1));
  accept(outbound(quiet.id, "+12015550103", at(2)));
  for (int i = 0; i < 3; ++i) accept(outbound(busy.id, "+12015550101", at(3 + i)));
  NewOutboundMessage scheduled = outbound(busy.id, "+12015550102", at(6));
  scheduled.next_attempt_at = at(86'400);
  accept(scheduled);
  EXPECT_EQ(must(store().countPendingOutbound(busy.id)), 4);
  EXPECT_EQ(must(store().countPendingOutbound(quiet.id)), 1);
  EXPECT_EQ(must(store().countPendingOutbound(makeOrganization("Idle").id)), 0);
  EXPECT_FALSE(sent.empty());
}

}  // namespace
}  // namespace mensajero::storage::contract
