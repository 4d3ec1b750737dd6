// The Store contract for webhook deliveries and inbound messages.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

TEST_P(StoreContractTest, AppendWebhookInsertsThenReportsADuplicateHash) {
  // Non-ASCII and NUL bytes must come back exactly: the signature covers the raw bytes.
  const std::string payload = std::string("{\"name\":\"Jos\xC3\xA9\"}\0tail", 21);
  WebhookLogRecord record = webhookRecord(payload, at(1));
  record.organization_id = makeOrganization("Clinic").id;
  EXPECT_EQ(must(appendWebhook(record)), WebhookAppend::Inserted);
  WebhookLogRecord redelivery = record;
  redelivery.received_at = at(2);
  EXPECT_EQ(must(appendWebhook(redelivery)), WebhookAppend::Duplicate);

  const auto stored = must(store().listUnprocessedWebhooks(10));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_FALSE(stored[0].id.empty());
  EXPECT_EQ(stored[0].payload, payload);
  EXPECT_EQ(stored[0].payload_hash, record.payload_hash);
  EXPECT_EQ(stored[0].organization_id, record.organization_id);
  EXPECT_EQ(stored[0].status, "received");
  EXPECT_EQ(stored[0].received_at, at(1));
}

TEST_P(StoreContractTest, ListsUnprocessedWebhooksOldestFirst) {
  for (int second : {3, 1, 2}) {
    ASSERT_EQ(must(appendWebhook(webhookRecord("w" + std::to_string(second), at(second)))),
              WebhookAppend::Inserted);
  }
  const auto oldest = must(store().listUnprocessedWebhooks(2));
  ASSERT_EQ(oldest.size(), 2u);
  EXPECT_EQ(oldest[0].payload, "w1");
  EXPECT_EQ(oldest[1].payload, "w2");
}

TEST_P(StoreContractTest, ConcurrentAppendsAllCompleteAndAreStored) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 250;
  std::mutex mutex;
  std::condition_variable all_done;
  int completed = 0;
  std::atomic<int> inserted{0};
  std::vector<std::thread> receivers;
  for (int t = 0; t < kThreads; ++t) {
    receivers.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string payload = std::to_string(t) + "/" + std::to_string(i);
        store().appendWebhookAsync(webhookRecord(payload, at(i)), [&](Result<WebhookAppend> r) {
          if (r.ok() && *r == WebhookAppend::Inserted) ++inserted;
          std::lock_guard lock(mutex);
          if (++completed == kThreads * kPerThread) all_done.notify_one();
        });
      }
    });
  }
  for (std::thread& receiver : receivers) receiver.join();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(all_done.wait_for(lock, std::chrono::seconds(60),
                                  [&] { return completed == kThreads * kPerThread; }));
  }
  EXPECT_EQ(inserted.load(), kThreads * kPerThread);
  EXPECT_EQ(must(store().listUnprocessedWebhooks(kThreads * kPerThread + 1)).size(),
            static_cast<std::size_t>(kThreads * kPerThread));
}

TEST_P(StoreContractTest, AppendCallbackRunsAfterTheWebhookIsReadable) {
  std::promise<std::size_t> visible;
  store().appendWebhookAsync(webhookRecord("committed", at(1)), [&](Result<WebhookAppend>) {
    auto listed = store().listUnprocessedWebhooks(10);
    visible.set_value(listed.ok() ? listed->size() : 0);
  });
  EXPECT_EQ(visible.get_future().get(), 1u);
}

TEST_P(StoreContractTest, ApplyingWorkMarksTheWebhookProcessed) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  WebhookLogRecord delivery = webhookRecord("inbound delivery", at(1));
  delivery.id = "00000000-0000-4000-8000-000000000001";  // ids are UUIDs
  ASSERT_EQ(must(appendWebhook(delivery)), WebhookAppend::Inserted);
  WebhookWork work;
  work.webhook_log_id = delivery.id;
  work.inbound.push_back(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  work.processing_time_ms = 7;
  EXPECT_EQ(must(store().applyWebhookWork({work})).inbound_inserted, 1);
  EXPECT_TRUE(must(store().listUnprocessedWebhooks(10)).empty());
  EXPECT_EQ(must(store().stats()).webhooks_unprocessed, 0);
}

// A drain's batch is large; PostgreSQL applies it in parts at the same time (issue 13). Every
// webhook is applied once, and each conversation's messages keep their order.
TEST_P(StoreContractTest, ALargeBatchAppliesEveryWebhookOnceInEachConversationsOrder) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  constexpr int kPatients = 8;
  constexpr int kMessagesEach = 6;
  std::vector<WebhookWork> batch;
  for (int m = 0; m < kMessagesEach; ++m) {
    for (int p = 0; p < kPatients; ++p) {
      const std::string name = "P" + std::to_string(p) + "M" + std::to_string(m);
      WebhookLogRecord delivery = webhookRecord("delivery " + name, at(1));
      char id[37];
      std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", m * kPatients + p + 1);
      delivery.id = id;  // ids are UUIDs
      ASSERT_EQ(must(appendWebhook(delivery)), WebhookAppend::Inserted);
      WebhookWork work;
      work.webhook_log_id = delivery.id;
      work.inbound.push_back(
          inboundEvent(clinic.id, "+1201555010" + std::to_string(p), "wamid." + name, at(10 + m)));
      batch.push_back(std::move(work));
    }
  }
  const WebhookApplyCounts counts = must(store().applyWebhookWork(batch));
  EXPECT_EQ(counts.inbound_inserted, kPatients * kMessagesEach);
  EXPECT_EQ(counts.inbound_duplicates, 0);
  EXPECT_TRUE(must(store().listUnprocessedWebhooks(10)).empty());
  for (int p = 0; p < kPatients; ++p) {
    const AcceptedMessage reply =
        accept(outbound(clinic.id, "+1201555010" + std::to_string(p), at(100)));
    const ConversationPage conversation = page(clinic.id, reply.conversation_id);
    ASSERT_EQ(conversation.messages.size(), static_cast<std::size_t>(kMessagesEach + 1)) << p;
    for (int m = 0; m < kMessagesEach; ++m) {
      EXPECT_EQ(conversation.messages[m].external_id,
                "wamid.P" + std::to_string(p) + "M" + std::to_string(m));
    }
  }
}

TEST_P(StoreContractTest, InboundFirstContactCreatesPatientAndConversation) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  EXPECT_EQ(
      applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1))).inbound_inserted,
      1);
  // The outbound side finds the same conversation by the same normalised identifier.
  const AcceptedMessage reply = accept(outbound(clinic.id, "+12015550101", at(2)));
  const ConversationPage conversation = page(clinic.id, reply.conversation_id);
  ASSERT_TRUE(conversation.patient.has_value());
  EXPECT_EQ(conversation.patient->name, "Ana");
  EXPECT_EQ(conversation.patient->phone, "+12015550101");
  EXPECT_EQ(conversation.patient->whatsapp_id, "12015550101");
  ASSERT_EQ(conversation.messages.size(), 2u);
  const MessageRecord& inbound = conversation.messages[0];
  EXPECT_EQ(inbound.direction, domain::Direction::Inbound);
  EXPECT_EQ(inbound.external_id, "wamid.IN1");
  EXPECT_EQ(inbound.content, "Thanks, see you then");
  EXPECT_EQ(inbound.created_at, at(1));
}

TEST_P(StoreContractTest, InboundReusesTheConversationAndFillsAMissingPatientName) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  NewOutboundMessage first = outbound(clinic.id, "+12015550101", at(1));
  first.patient.name.clear();
  const AcceptedMessage accepted = accept(first);
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(2)));
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN2", at(3)));
  const ConversationPage conversation = page(clinic.id, accepted.conversation_id);
  EXPECT_EQ(conversation.total_messages, 3);
  EXPECT_EQ(conversation.patient->name, "Ana");
}

TEST_P(StoreContractTest, InboundIsDeduplicatedByEventKeyAndExternalId) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const InboundEvent event = inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1));
  EXPECT_EQ(applyInbound(event).inbound_inserted, 1);
  EXPECT_EQ(applyInbound(event).inbound_duplicates, 1);
  InboundEvent rekeyed = event;
  rekeyed.event_key = "other-key";
  EXPECT_EQ(applyInbound(rekeyed).inbound_duplicates, 1);
  const AcceptedMessage reply = accept(outbound(clinic.id, "+12015550101", at(2)));
  EXPECT_EQ(page(clinic.id, reply.conversation_id).total_messages, 2);
}

// Without a key only the provider's id tells a redelivery apart; and a key seen with one
// message makes a second message under it a duplicate even with a new provider id.
TEST_P(StoreContractTest, InboundWithoutAKeyIsDeduplicatedByItsProviderIdAlone) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  InboundEvent unkeyed = inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1));
  unkeyed.event_key.clear();
  EXPECT_EQ(applyInbound(unkeyed).inbound_inserted, 1);
  EXPECT_EQ(applyInbound(unkeyed).inbound_duplicates, 1);
  InboundEvent keyed = inboundEvent(clinic.id, "+12015550101", "wamid.IN2", at(2));
  EXPECT_EQ(applyInbound(keyed).inbound_inserted, 1);
  keyed.external_id = "wamid.IN3";
  EXPECT_EQ(applyInbound(keyed).inbound_duplicates, 1);
  const AcceptedMessage reply = accept(outbound(clinic.id, "+12015550101", at(3)));
  EXPECT_EQ(page(clinic.id, reply.conversation_id).total_messages, 3);
}

TEST_P(StoreContractTest, InboundStaysInsideItsOrganization) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord hospital = makeOrganization("Hospital");
  applyInbound(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  const AcceptedMessage other = accept(outbound(hospital.id, "+12015550101", at(2)));
  const ConversationPage conversation = page(hospital.id, other.conversation_id);
  EXPECT_EQ(conversation.total_messages, 1);
  EXPECT_EQ(conversation.patient->name, "Test Patient");
}

TEST_P(StoreContractTest, InboundOfAnUnknownMessageTypeIsInvalidAndAppliesNothing) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  WebhookWork work;
  work.inbound.push_back(inboundEvent(clinic.id, "+12015550101", "wamid.IN1", at(1)));
  work.inbound.push_back(inboundEvent(clinic.id, "+12015550101", "wamid.IN2", at(2)));
  work.inbound[1].message_type = "sticker";
  auto refused = store().applyWebhookWork({work});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().category, ErrorCategory::Invalid);
  EXPECT_EQ(applyInbound(work.inbound[0]).inbound_inserted, 1);
}

}  // namespace
}  // namespace mensajero::storage::contract
