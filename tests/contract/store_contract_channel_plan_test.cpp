// The Store contract for the channel plan (issue 10, schema v7): a message keeps its plan and
// step, moves forward only while its lease is held, and its attempts record their channel.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

class ChannelPlanContractTest : public StoreContractTest {
 protected:
  void SetUp() override {
    StoreContractTest::SetUp();
    organization_ = makeOrganization("Clinic").id;
    whatsapp_ = makeChannel("whatsapp", "meta");
    sms_ = makeChannel("sms", "twilio");
  }

  std::string makeChannel(const std::string& type, const std::string& provider) {
    ChannelInstanceRecord channel;
    channel.organization_id = organization_;
    channel.channel_type = domain::parseChannelType(type).value();
    channel.provider = provider;
    channel.created_at = channel.updated_at = at(0);
    return must(store().upsertChannelInstance(channel)).id;
  }

  // A message planned WhatsApp then SMS, on WhatsApp and leased to "worker" from the start.
  std::string acceptPlanned() {
    NewOutboundMessage request = outbound(organization_, "+12015550101", at(1));
    request.channel_instance_id = whatsapp_;
    request.channel_plan = "whatsapp,sms";
    request.plan_step = 0;
    request.lease_owner = "worker";
    request.lease_until = at(30);
    return accept(request).message_id;
  }

  PlanAdvanceRecord toSms(const std::string& id, const std::string& owner = "worker") const {
    PlanAdvanceRecord advance;
    advance.message_id = id;
    advance.lease_owner = owner;
    advance.from_step = 0;
    advance.to_step = 1;
    advance.channel_instance_id = sms_;
    advance.recipient = "+12015550101";
    return advance;
  }

  std::string organization_;
  std::string whatsapp_;
  std::string sms_;
};

TEST_P(ChannelPlanContractTest, AMessageKeepsItsPlanAndStep) {
  const std::string id = acceptPlanned();
  const MessageRecord stored = message(id);
  EXPECT_EQ(stored.channel_plan, "whatsapp,sms");
  EXPECT_EQ(stored.plan_step, 0);
  // Without a plan, the WhatsApp-only one (rows from before schema v7 read the same).
  const AcceptedMessage plain = accept(outbound(organization_, "+12015550102", at(2)));
  EXPECT_EQ(message(plain.message_id).channel_plan, "whatsapp");
  EXPECT_EQ(message(plain.message_id).plan_step, 0);
}

TEST_P(ChannelPlanContractTest, AdvancingMovesTheMessageToTheNextChannelAndKeepsTheLease) {
  const std::string id = acceptPlanned();
  PlanAdvanceRecord advance = toSms(id);
  SendAttemptRecord left;
  left.message_id = id;
  left.lease_owner = "worker";
  left.attempted_at = at(2);
  left.channel_instance_id = whatsapp_;
  left.channel_type = "whatsapp";
  left.error_code = "meta_131026";
  left.error_message = "not on WhatsApp";
  advance.left_attempt = left;
  EXPECT_EQ(must(store().advanceChannelPlan(advance)), AttemptApplied::Applied);

  const MessageRecord moved = message(id);
  EXPECT_EQ(moved.plan_step, 1);
  EXPECT_EQ(moved.channel_instance_id, sms_);
  EXPECT_EQ(moved.delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(moved.lease_owner, "worker");
  EXPECT_EQ(moved.error_code, "meta_131026");

  // The same owner then records the SMS attempt on its lease.
  SendAttemptRecord sent;
  sent.message_id = id;
  sent.lease_owner = "worker";
  sent.attempted_at = at(3);
  sent.channel_instance_id = sms_;
  sent.channel_type = "sms";
  sent.outcome = domain::AttemptOutcome::Sent;
  sent.external_id = "SM1";
  EXPECT_EQ(must(store().recordSendAttempt(sent)), AttemptApplied::Applied);

  const auto history = nlohmann::json::parse(must(store().listSendAttempts(id)));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["channel_type"], "whatsapp");
  EXPECT_EQ(history[0]["outcome"], "failed");
  EXPECT_EQ(history[0]["error_code"], "meta_131026");
  EXPECT_EQ(history[1]["channel_type"], "sms");
  EXPECT_EQ(history[1]["outcome"], "sent");
  EXPECT_EQ(history[1]["channel_instance_id"], sms_);
}

TEST_P(ChannelPlanContractTest, OnlyTheLeaseHolderAdvancesAndOnlyFromTheCurrentStep) {
  const std::string id = acceptPlanned();
  EXPECT_EQ(must(store().advanceChannelPlan(toSms(id, "intruder"))), AttemptApplied::LeaseLost);
  EXPECT_EQ(message(id).plan_step, 0);
  EXPECT_EQ(must(store().advanceChannelPlan(toSms(id))), AttemptApplied::Applied);
  // A second move from step 0 (a worker that saw the message before the first) changes nothing.
  EXPECT_EQ(must(store().advanceChannelPlan(toSms(id))), AttemptApplied::LeaseLost);
  EXPECT_EQ(message(id).plan_step, 1);
  EXPECT_EQ(nlohmann::json::parse(must(store().listSendAttempts(id))).size(), 0u);
}

TEST_P(ChannelPlanContractTest, AMessageNeverMovesBackward) {
  const std::string id = acceptPlanned();
  PlanAdvanceRecord backward = toSms(id);
  backward.to_step = 0;
  auto refused = store().advanceChannelPlan(backward);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
}

TEST_P(ChannelPlanContractTest, AFallenBackMessageIsNeverClaimedForItsEarlierChannel) {
  const std::string id = acceptPlanned();
  ASSERT_EQ(must(store().advanceChannelPlan(toSms(id))), AttemptApplied::Applied);
  SendAttemptRecord deferred;
  deferred.message_id = id;
  deferred.lease_owner = "worker";
  deferred.attempted_at = at(2);
  deferred.outcome = domain::AttemptOutcome::Deferred;
  deferred.next_attempt_at = at(2);
  ASSERT_EQ(must(store().recordSendAttempt(deferred)), AttemptApplied::Applied);
  // WhatsApp's instance is skipped or not: the claim hands out the message on SMS only.
  const auto claimed = must(store().claimDueOutbound(at(40), 10, "other", at(70), {whatsapp_}));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].channel_instance_id, sms_);
  EXPECT_EQ(claimed[0].plan_step, 1);
}

TEST_P(ChannelPlanContractTest, ADisabledChannelStillHandsOutMessagesThatCanFallBack) {
  const std::string planned = acceptPlanned();
  NewOutboundMessage whatsapp_only = outbound(organization_, "+12015550102", at(1));
  whatsapp_only.channel_instance_id = whatsapp_;
  const std::string stuck = accept(whatsapp_only).message_id;
  must(store().setChannelStatus(whatsapp_, "inactive", std::nullopt));
  // The planned one is leased to "worker" until 30 s; after that a claim takes it (so that its
  // attempt moves it on), and leaves the WhatsApp-only one queued.
  const auto claimed = must(store().claimDueOutbound(at(40), 10, "other", at(70)));
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].id, planned);
  EXPECT_EQ(message(stuck).attempts, 0);
}

TEST_P(ChannelPlanContractTest, APatientReachedOnTwoChannelsIsOnePatientWithTwoConversations) {
  const AcceptedMessage on_whatsapp = accept(outbound(organization_, "+12015550101", at(1)));
  NewOutboundMessage by_sms = outbound(organization_, "+12015550101", at(2));
  by_sms.channel_type = domain::ChannelType::Sms;
  const AcceptedMessage on_sms = accept(by_sms);
  EXPECT_NE(on_sms.conversation_id, on_whatsapp.conversation_id);
  const ConversationPage whatsapp_page = page(organization_, on_whatsapp.conversation_id);
  const ConversationPage sms_page = page(organization_, on_sms.conversation_id);
  EXPECT_EQ(sms_page.conversation.channel_type, domain::ChannelType::Sms);
  ASSERT_TRUE(whatsapp_page.patient && sms_page.patient);
  EXPECT_EQ(sms_page.patient->id, whatsapp_page.patient->id);
  // Another number is another patient.
  const AcceptedMessage other = accept(outbound(organization_, "+12015550102", at(3)));
  EXPECT_NE(page(organization_, other.conversation_id).patient->id, whatsapp_page.patient->id);
}

INSTANTIATE_TEST_SUITE_P(Backends, ChannelPlanContractTest, ::testing::ValuesIn(contractBackends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace mensajero::storage::contract
