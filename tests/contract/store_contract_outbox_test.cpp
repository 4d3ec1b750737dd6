// The Store contract for the outbox: accepting, claiming with leases, and recording attempts.
#include <algorithm>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

std::vector<std::string> idsOf(const std::vector<MessageRecord>& messages) {
  std::vector<std::string> ids;
  for (const MessageRecord& m : messages) ids.push_back(m.id);
  return ids;
}

SendAttemptRecord attemptOf(const std::string& message_id, const std::string& owner,
                            const std::string& outcome, UnixMillis attempted) {
  SendAttemptRecord attempt;
  attempt.message_id = message_id;
  attempt.lease_owner = owner;
  attempt.attempted_at = attempted;
  attempt.outcome = domain::parseAttemptOutcome(outcome).value();
  return attempt;
}

TEST_P(StoreContractTest, AcceptOutboundCreatesTheConversationAndPatientOnce) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage first = accept(outbound(clinic.id, "+12015550101", at(1)));
  const AcceptedMessage second = accept(outbound(clinic.id, "+12015550101", at(2)));
  const AcceptedMessage other = accept(outbound(clinic.id, "+12015550102", at(3)));
  EXPECT_EQ(second.conversation_id, first.conversation_id);
  EXPECT_NE(second.message_id, first.message_id);
  EXPECT_NE(other.conversation_id, first.conversation_id);

  const ConversationPage conversation = page(clinic.id, first.conversation_id);
  EXPECT_EQ(conversation.total_messages, 2);
  EXPECT_EQ(conversation.conversation.channel_identifier, "+12015550101");
  ASSERT_TRUE(conversation.patient.has_value());
  EXPECT_EQ(conversation.patient->name, "Test Patient");
  EXPECT_EQ(conversation.patient->phone, "+12015550101");
  EXPECT_EQ(conversation.conversation.patient_id, conversation.patient->id);
}

TEST_P(StoreContractTest, AcceptOutboundFillsAMissingPatientName) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage anonymous = outbound(clinic.id, "+12015550101", at(1));
  anonymous.patient.name.clear();
  const AcceptedMessage first = accept(anonymous);
  EXPECT_EQ(page(clinic.id, first.conversation_id).patient->name, "");
  accept(outbound(clinic.id, "+12015550101", at(2)));
  EXPECT_EQ(page(clinic.id, first.conversation_id).patient->name, "Test Patient");
}

// One patient per phone number: an SMS conversation with a number the clinic already writes to
// on WhatsApp belongs to the same patient.
TEST_P(StoreContractTest, AcceptOutboundOnAnotherChannelJoinsThePatientOfThatNumber) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage whatsapp = accept(outbound(clinic.id, "+12015550101", at(1)));
  NewOutboundMessage text = outbound(clinic.id, "+12015550101", at(2));
  text.channel_type = domain::ChannelType::Sms;
  const AcceptedMessage sms = accept(text);
  EXPECT_NE(sms.conversation_id, whatsapp.conversation_id);
  const ConversationPage first = page(clinic.id, whatsapp.conversation_id);
  const ConversationPage second = page(clinic.id, sms.conversation_id);
  ASSERT_TRUE(first.patient.has_value());
  ASSERT_TRUE(second.patient.has_value());
  EXPECT_EQ(second.patient->id, first.patient->id);
  EXPECT_EQ(second.conversation.channel_type, domain::ChannelType::Sms);
}

TEST_P(StoreContractTest, AcceptOutboundJoinsAGivenConversationOfTheOrganization) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const AcceptedMessage first = accept(outbound(clinic.id, "+12015550101", at(1)));
  NewOutboundMessage follow_up = outbound(clinic.id, "", at(2));
  follow_up.conversation_id = first.conversation_id;
  EXPECT_EQ(accept(follow_up).conversation_id, first.conversation_id);
  EXPECT_EQ(page(clinic.id, first.conversation_id).total_messages, 2);
}

TEST_P(StoreContractTest, AcceptOutboundIntoAnotherOrganizationsConversationIsNotFound) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord intruder = makeOrganization("Intruder");
  const AcceptedMessage first = accept(outbound(clinic.id, "+12015550101", at(1)));
  NewOutboundMessage foreign = outbound(intruder.id, "+12015550101", at(2));
  foreign.conversation_id = first.conversation_id;
  auto refused = store().acceptOutbound(foreign);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::NotFound);
  EXPECT_EQ(page(clinic.id, first.conversation_id).total_messages, 1);
}

TEST_P(StoreContractTest, AcceptOutboundForAnUnknownOrganizationIsNotFound) {
  auto refused = store().acceptOutbound(outbound("missing", "+12015550101", at(1)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::NotFound);
}

Result<AcceptedMessage> acceptAsyncAndWait(Store& store, NewOutboundMessage message) {
  std::promise<Result<AcceptedMessage>> promise;
  auto future = promise.get_future();
  store.acceptOutboundAsync(std::move(message), [&promise](Result<AcceptedMessage> accepted) {
    promise.set_value(std::move(accepted));
  });
  return future.get();
}

// The same transaction as acceptOutbound, its outcome given to a callback once committed.
TEST_P(StoreContractTest, AcceptOutboundAsyncCommitsBeforeItsCallbackAndRefusesAlike) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  auto first = acceptAsyncAndWait(store(), outbound(clinic.id, "+12015550101", at(1)));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(message(first->message_id).delivery_status, domain::DeliveryStatus::Pending);
  const AcceptedMessage second = accept(outbound(clinic.id, "+12015550101", at(2)));
  EXPECT_EQ(second.conversation_id, first->conversation_id);

  auto refused = acceptAsyncAndWait(store(), outbound("missing", "+12015550101", at(3)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::NotFound);
  EXPECT_EQ(page(clinic.id, first->conversation_id).total_messages, 2);
}

TEST_P(StoreContractTest, AcceptedMessageIsPendingInTheOutbox) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage request = outbound(clinic.id, "+12015550101", at(1));
  request.priority = domain::Priority::High;
  request.next_attempt_at = at(9);
  const MessageRecord stored = message(accept(request).message_id);
  EXPECT_EQ(stored.direction, domain::Direction::Outbound);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(stored.priority, domain::Priority::High);
  EXPECT_EQ(stored.recipient, "+12015550101");
  EXPECT_EQ(stored.content, "Your appointment is confirmed");
  EXPECT_EQ(stored.created_at, at(1));
  EXPECT_EQ(stored.next_attempt_at, at(9));
  EXPECT_EQ(stored.attempts, 0);
  EXPECT_FALSE(stored.external_id.has_value());
  EXPECT_FALSE(stored.lease_until.has_value());
}

TEST_P(StoreContractTest, ClaimsHighBeforeNormalBeforeLowAndOldestFirstWithin) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  std::vector<std::string> ids;
  using domain::Priority;
  const Priority priorities[] = {Priority::Low,    Priority::Normal, Priority::High,
                                 Priority::Normal, Priority::High,   Priority::Low};
  for (int i = 0; i < 6; ++i) {
    NewOutboundMessage request = outbound(clinic.id, "+12015550101", at(i + 1));
    request.priority = priorities[i];
    ids.push_back(accept(request).message_id);
  }
  const auto claimed = must(store().claimDueOutbound(at(10), 10, "worker", at(40)));
  EXPECT_EQ(idsOf(claimed),
            (std::vector<std::string>{ids[2], ids[4], ids[1], ids[3], ids[0], ids[5]}));
  for (const MessageRecord& m : claimed) {
    EXPECT_EQ(m.attempts, 1);
    EXPECT_EQ(m.lease_owner, "worker");
    EXPECT_EQ(m.lease_until, at(40));
  }
}

TEST_P(StoreContractTest, ClaimTakesAtMostTheLimit) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  for (int i = 0; i < 3; ++i) accept(outbound(clinic.id, "+12015550101", at(i)));
  EXPECT_EQ(must(store().claimDueOutbound(at(10), 2, "worker", at(40))).size(), 2u);
  EXPECT_EQ(must(store().claimDueOutbound(at(10), 2, "worker", at(40))).size(), 1u);
  EXPECT_TRUE(must(store().claimDueOutbound(at(10), 2, "worker", at(40))).empty());
}

TEST_P(StoreContractTest, ClaimSkipsMessagesNotYetDue) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage scheduled = outbound(clinic.id, "+12015550101", at(1));
  scheduled.next_attempt_at = at(100);
  accept(scheduled);
  EXPECT_TRUE(must(store().claimDueOutbound(at(99), 10, "worker", at(200))).empty());
  EXPECT_EQ(must(store().claimDueOutbound(at(100), 10, "worker", at(200))).size(), 1u);
}

TEST_P(StoreContractTest, LeasedMessageIsClaimableAgainOnlyAfterTheLeaseExpires) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(10), 10, "first", at(30))).size(), 1u);
  EXPECT_TRUE(must(store().claimDueOutbound(at(20), 10, "second", at(60))).empty());
  EXPECT_TRUE(must(store().claimDueOutbound(at(30), 10, "second", at(60))).empty());
  const auto reclaimed = must(store().claimDueOutbound(at(31), 10, "second", at(60)));
  ASSERT_EQ(reclaimed.size(), 1u);
  EXPECT_EQ(reclaimed[0].id, id);
  EXPECT_EQ(reclaimed[0].attempts, 2);
  EXPECT_EQ(reclaimed[0].lease_owner, "second");
}

TEST_P(StoreContractTest, MessageAcceptedWithALeaseBelongsToItsOwner) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage immediate = outbound(clinic.id, "+12015550101", at(1));
  immediate.lease_owner = "api";
  immediate.lease_until = at(30);
  const std::string id = accept(immediate).message_id;
  EXPECT_TRUE(must(store().claimDueOutbound(at(10), 10, "worker", at(60))).empty());
  EXPECT_EQ(message(id).lease_owner, "api");
  SendAttemptRecord attempt = attemptOf(id, "api", "sent", at(2));
  attempt.external_id = "wamid.API";
  EXPECT_EQ(must(store().recordSendAttempt(attempt)), AttemptApplied::Applied);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Sent);
}

TEST_P(StoreContractTest, ConcurrentClaimsGetDisjointMessages) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  constexpr int kMessages = 120;
  for (int i = 0; i < kMessages; ++i) accept(outbound(clinic.id, "+12015550101", at(1)));
  std::mutex mutex;
  std::vector<std::string> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      const std::string owner = "worker-" + std::to_string(w);
      for (;;) {
        auto batch = store().claimDueOutbound(at(10), 7, owner, at(600));
        if (!batch.ok() || batch->empty()) return;
        std::lock_guard lock(mutex);
        for (const MessageRecord& m : *batch) claimed.push_back(m.id);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  const std::set<std::string> distinct(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<std::size_t>(kMessages));
  EXPECT_EQ(distinct.size(), claimed.size());
}

TEST_P(StoreContractTest, ConcurrentAcceptsShareOneConversation) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  std::mutex mutex;
  std::set<std::string> conversations;
  std::vector<std::thread> clients;
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto accepted = store().acceptOutbound(outbound(clinic.id, "+12015550101", at(i)));
        std::lock_guard lock(mutex);
        conversations.insert(accepted.ok() ? accepted->conversation_id : "error");
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_EQ(conversations.size(), 1u);
  EXPECT_EQ(page(clinic.id, *conversations.begin()).total_messages, 100);
}

TEST_P(StoreContractTest, SentAttemptMarksTheMessageSentAndReleasesTheLease) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.S1", at(11));
  const MessageRecord sent = message(id);
  EXPECT_EQ(sent.delivery_status, domain::DeliveryStatus::Sent);
  EXPECT_EQ(sent.external_id, "wamid.S1");
  EXPECT_EQ(sent.sent_at, at(11));
  EXPECT_EQ(sent.lease_owner, "");
  EXPECT_FALSE(sent.lease_until.has_value());
  EXPECT_TRUE(must(store().claimDueOutbound(at(999), 10, "worker", at(2000))).empty());
}

TEST_P(StoreContractTest, RetryAttemptKeepsTheMessagePendingUntilItsNextAttempt) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "worker", at(30))).size(), 1u);
  SendAttemptRecord retry = attemptOf(id, "worker", "retry", at(3));
  retry.error_code = "130429";
  retry.error_message = "rate limit hit";
  retry.next_attempt_at = at(60);
  EXPECT_EQ(must(store().recordSendAttempt(retry)), AttemptApplied::Applied);
  const MessageRecord pending = message(id);
  EXPECT_EQ(pending.delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(pending.error_code, "130429");
  EXPECT_EQ(pending.next_attempt_at, at(60));
  EXPECT_FALSE(pending.lease_until.has_value());
  EXPECT_TRUE(must(store().claimDueOutbound(at(59), 1, "worker", at(90))).empty());
  const auto again = must(store().claimDueOutbound(at(60), 1, "worker", at(90)));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 2);
}

TEST_P(StoreContractTest, DeferredAttemptGivesTheClaimBackWithoutHistory) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "worker", at(30))).size(), 1u);
  SendAttemptRecord deferred = attemptOf(id, "worker", "deferred", at(3));
  deferred.next_attempt_at = at(9);
  EXPECT_EQ(must(store().recordSendAttempt(deferred)), AttemptApplied::Applied);
  const MessageRecord pending = message(id);
  EXPECT_EQ(pending.delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(pending.attempts, 0);
  EXPECT_EQ(pending.next_attempt_at, at(9));
  EXPECT_FALSE(pending.lease_until.has_value());
  EXPECT_EQ(nlohmann::json::parse(must(store().listSendAttempts(id))).size(), 0u);
  EXPECT_TRUE(must(store().claimDueOutbound(at(8), 1, "worker", at(90))).empty());
  const auto again = must(store().claimDueOutbound(at(9), 1, "worker", at(90)));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
}

TEST_P(StoreContractTest, FailedAttemptIsTerminal) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "worker", at(30))).size(), 1u);
  SendAttemptRecord failed = attemptOf(id, "worker", "failed", at(3));
  failed.error_code = "131026";
  failed.error_message = "message undeliverable";
  EXPECT_EQ(must(store().recordSendAttempt(failed)), AttemptApplied::Applied);
  const MessageRecord stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Failed);
  EXPECT_EQ(stored.error_code, "131026");
  EXPECT_EQ(stored.error_message, "message undeliverable");
  EXPECT_TRUE(must(store().claimDueOutbound(at(999), 10, "worker", at(2000))).empty());
}

TEST_P(StoreContractTest, AttemptOfAFormerLeaseOwnerIsLeaseLost) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "first", at(10))).size(), 1u);
  EXPECT_EQ(must(store().recordSendAttempt(attemptOf(id, "stranger", "sent", at(3)))),
            AttemptApplied::LeaseLost);
  ASSERT_EQ(must(store().claimDueOutbound(at(11), 1, "second", at(40))).size(), 1u);
  EXPECT_EQ(must(store().recordSendAttempt(attemptOf(id, "first", "sent", at(12)))),
            AttemptApplied::LeaseLost);
  const MessageRecord unchanged = message(id);
  EXPECT_EQ(unchanged.delivery_status, domain::DeliveryStatus::Pending);
  EXPECT_EQ(unchanged.lease_owner, "second");
  EXPECT_EQ(must(store().listSendAttempts(id)), "[]");
}

TEST_P(StoreContractTest, AttemptForAnUnknownMessageIsNotFound) {
  auto missing = store().recordSendAttempt(attemptOf("missing", "worker", "sent", at(1)));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, ErrorCategory::NotFound);
}

TEST_P(StoreContractTest, ListsTheAttemptHistoryInOrder) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "worker", at(30))).size(), 1u);
  SendAttemptRecord retry = attemptOf(id, "worker", "retry", at(3));
  retry.error_code = "130429";
  retry.next_attempt_at = at(5);
  must(store().recordSendAttempt(retry));
  ASSERT_EQ(must(store().claimDueOutbound(at(5), 1, "worker", at(30))).size(), 1u);
  SendAttemptRecord sent = attemptOf(id, "worker", "sent", at(6));
  sent.external_id = "wamid.H";
  must(store().recordSendAttempt(sent));

  const auto history = nlohmann::json::parse(must(store().listSendAttempts(id)));
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["attempt_number"], 1);
  EXPECT_EQ(history[0]["outcome"], "retry");
  EXPECT_EQ(history[0]["error_code"], "130429");
  EXPECT_TRUE(history[0]["external_id"].is_null());
  EXPECT_EQ(history[1]["attempt_number"], 2);
  EXPECT_EQ(history[1]["outcome"], "sent");
  EXPECT_EQ(history[1]["external_id"], "wamid.H");
  EXPECT_EQ(history[1]["attempted_at"], formatIso8601(at(6)));
  auto missing = store().listSendAttempts("missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().category, ErrorCategory::NotFound);
}

TEST_P(StoreContractTest, SentAttemptAfterADeliveredWebhookKeepsDelivered) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  ASSERT_EQ(must(store().claimDueOutbound(at(2), 1, "worker", at(30))).size(), 1u);
  StatusEvent delivered = statusEvent(clinic.id, "wamid.D", "delivered", at(4));
  delivered.message_id = id;
  ASSERT_EQ(applyStatus(delivered).statuses_applied, 1);

  SendAttemptRecord sent = attemptOf(id, "worker", "sent", at(5));
  sent.external_id = "wamid.D";
  EXPECT_EQ(must(store().recordSendAttempt(sent)), AttemptApplied::Applied);
  const MessageRecord stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Delivered);
  EXPECT_EQ(stored.external_id, "wamid.D");
  EXPECT_EQ(stored.sent_at, at(4));
  EXPECT_EQ(stored.delivered_at, at(4));
  EXPECT_FALSE(stored.lease_until.has_value());
}

}  // namespace
}  // namespace mensajero::storage::contract
