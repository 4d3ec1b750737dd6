// The Store contract for status webhooks: forward-only moves, dedup by event key, matching.
#include <algorithm>
#include <array>

#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

TEST_P(StoreContractTest, StatusesMoveForwardOnlyInEveryArrivalOrder) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::array<std::string, 3> statuses = {"sent", "delivered", "read"};
  std::array<int, 3> order = {0, 1, 2};  // indices into statuses; status i happened at i + 1
  int run = 0;
  do {
    SCOPED_TRACE(statuses[order[0]] + "," + statuses[order[1]] + "," + statuses[order[2]]);
    const std::string wamid = "wamid.P" + std::to_string(run++);
    const std::string id =
        accept(outbound(clinic.id, "+1201555" + std::to_string(1000 + run), at(0))).message_id;
    int applied = 0;
    int highest = -1;
    for (int step : order) {
      StatusEvent event = statusEvent(clinic.id, wamid, statuses[step], at(step + 1));
      event.message_id = id;  // the first event finds the message by our id
      const WebhookApplyCounts counts = applyStatus(event);
      EXPECT_EQ(counts.statuses_applied + counts.statuses_ignored, 1);
      applied += counts.statuses_applied;
      if (step > highest) {
        EXPECT_EQ(counts.statuses_applied, 1) << statuses[step];
        highest = step;
      }
    }
    const MessageRecord final_state = message(id);
    EXPECT_EQ(final_state.delivery_status, domain::DeliveryStatus::Read);
    EXPECT_EQ(final_state.external_id, wamid);
    // Each timestamp comes from the first event at or beyond its step.
    const auto first_reaching = [&](int step) {
      for (int arrived : order) {
        if (arrived >= step) return at(arrived + 1);
      }
      return UnixMillis{0};
    };
    EXPECT_EQ(final_state.sent_at, first_reaching(0));
    EXPECT_EQ(final_state.delivered_at, first_reaching(1));
    EXPECT_EQ(final_state.read_at, at(3));
    EXPECT_GE(applied, 1);
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(run, 6);
}

TEST_P(StoreContractTest, ReadFirstFillsSkippedTimestampsAndLaterDeliveredChangesNothing) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.R", at(1));
  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.R", "read", at(5))).statuses_applied, 1);
  MessageRecord stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Read);
  EXPECT_EQ(stored.sent_at, at(1));
  EXPECT_EQ(stored.delivered_at, at(5));
  EXPECT_EQ(stored.read_at, at(5));

  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.R", "delivered", at(3))).statuses_ignored, 1);
  stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Read);
  EXPECT_EQ(stored.delivered_at, at(5));
}

TEST_P(StoreContractTest, FailedAfterReadIsIgnored) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.F", at(1));
  applyStatus(statusEvent(clinic.id, "wamid.F", "read", at(2)));
  StatusEvent failed = statusEvent(clinic.id, "wamid.F", "failed", at(3));
  failed.error_code = "131047";
  EXPECT_EQ(applyStatus(failed).statuses_ignored, 1);
  const MessageRecord stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Read);
  EXPECT_FALSE(stored.error_code.has_value());
}

TEST_P(StoreContractTest, FailedAfterDeliveredIsIgnored) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.FD", at(1));
  applyStatus(statusEvent(clinic.id, "wamid.FD", "delivered", at(2)));
  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.FD", "failed", at(3))).statuses_ignored, 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Delivered);
}

TEST_P(StoreContractTest, FailedFromSentAppliesAndIsTerminal) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.T", at(1));
  StatusEvent failed = statusEvent(clinic.id, "wamid.T", "failed", at(2));
  failed.error_code = "131026";
  failed.error_message = "receiver incapable";
  EXPECT_EQ(applyStatus(failed).statuses_applied, 1);
  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.T", "delivered", at(3))).statuses_ignored, 1);
  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.T", "read", at(4))).statuses_ignored, 1);
  const MessageRecord stored = message(id);
  EXPECT_EQ(stored.delivery_status, domain::DeliveryStatus::Failed);
  EXPECT_EQ(stored.error_code, "131026");
  EXPECT_EQ(stored.error_message, "receiver incapable");
  EXPECT_FALSE(stored.delivered_at.has_value());
}

TEST_P(StoreContractTest, AnEventKeySeenBeforeIsIgnored) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.K", at(1));
  StatusEvent read = statusEvent(clinic.id, "wamid.K", "read", at(2));
  read.event_key = "meta:wamid.K:once";
  StatusEvent replay = read;
  replay.status = domain::DeliveryStatus::Failed;  // same key: never looked at, even though it
                                                   // would change nothing
  WebhookWork work;
  work.statuses = {statusEvent(clinic.id, "wamid.K", "delivered", at(2)),
                   statusEvent(clinic.id, "wamid.K", "delivered", at(2))};
  const WebhookApplyCounts same_batch = must(store().applyWebhookWork({work}));
  EXPECT_EQ(same_batch.statuses_applied, 1);
  EXPECT_EQ(same_batch.statuses_ignored, 1);
  EXPECT_EQ(applyStatus(read).statuses_applied, 1);
  EXPECT_EQ(applyStatus(read).statuses_ignored, 1);
  EXPECT_EQ(applyStatus(replay).statuses_ignored, 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Read);
}

TEST_P(StoreContractTest, StatusMatchedByOurMessageIdRecordsTheExternalId) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const std::string id = accept(outbound(clinic.id, "+12015550101", at(1))).message_id;
  StatusEvent sent = statusEvent(clinic.id, "wamid.M", "sent", at(2));
  sent.message_id = id;
  EXPECT_EQ(applyStatus(sent).statuses_applied, 1);
  EXPECT_EQ(message(id).external_id, "wamid.M");
  EXPECT_EQ(applyStatus(statusEvent(clinic.id, "wamid.M", "delivered", at(3))).statuses_applied, 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Delivered);
}

TEST_P(StoreContractTest, UnmatchedStatusIsCountedAndAppliesOnceItsMessageIsKnown) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const StatusEvent early = statusEvent(clinic.id, "wamid.EARLY", "delivered", at(2));
  const WebhookApplyCounts unmatched = applyStatus(early);
  EXPECT_EQ(unmatched.statuses_unmatched, 1);
  EXPECT_EQ(unmatched.statuses_applied + unmatched.statuses_ignored, 0);
  const std::string id = sentMessage(clinic.id, "+12015550101", "wamid.EARLY", at(1));
  EXPECT_EQ(applyStatus(early).statuses_applied, 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Delivered);
}

TEST_P(StoreContractTest, PurgeForgetsEventKeysOlderThanTheCutoff) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  sentMessage(clinic.id, "+12015550101", "wamid.OLD", at(1));
  WebhookLogRecord delivery = webhookRecord("old delivery", at(100));
  delivery.id = "00000000-0000-4000-8000-00000000001d";  // ids are UUIDs
  ASSERT_EQ(must(appendWebhook(delivery)), WebhookAppend::Inserted);
  WebhookWork work;
  work.webhook_log_id = delivery.id;
  work.statuses = {statusEvent(clinic.id, "wamid.OLD", "delivered", at(2)),
                   statusEvent(clinic.id, "wamid.OLD", "read", at(3))};
  ASSERT_EQ(must(store().applyWebhookWork({work})).statuses_applied, 2);

  EXPECT_EQ(must(store().purgeEventKeysBefore(at(100))), 0);
  EXPECT_EQ(must(store().purgeEventKeysBefore(at(101))), 2);
  EXPECT_EQ(must(store().purgeEventKeysBefore(at(101))), 0);
}

}  // namespace
}  // namespace mensajero::storage::contract
