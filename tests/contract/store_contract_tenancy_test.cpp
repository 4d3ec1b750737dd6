// The Store contract for organizations' webhooks (issue 8 item 2): a status event matches only
// its organization's messages, and deliveries and event keys are deduplicated per organization.
#include "contract/store_contract.h"

namespace mensajero::storage::contract {
namespace {

TEST_P(StoreContractTest, StatusOfAnotherOrganizationsMessageIsRefusedAndChangesNothing) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord other = makeOrganization("Other");
  const std::string id = sentMessage(other.id, "+12015550101", "wamid.OTHER", at(1));

  const WebhookApplyCounts by_wamid =
      applyStatus(statusEvent(clinic.id, "wamid.OTHER", "failed", at(2)));
  EXPECT_EQ(by_wamid.statuses_refused, 1);
  EXPECT_EQ(by_wamid.statuses_applied + by_wamid.statuses_ignored + by_wamid.statuses_unmatched, 0);
  StatusEvent by_our_id = statusEvent(clinic.id, "wamid.FORGED", "read", at(3));
  by_our_id.message_id = id;
  EXPECT_EQ(applyStatus(by_our_id).statuses_refused, 1);
  StatusEvent no_organization = statusEvent("", "wamid.OTHER", "read", at(3));
  EXPECT_EQ(applyStatus(no_organization).statuses_refused, 1);

  const MessageRecord untouched = message(id);
  EXPECT_EQ(untouched.delivery_status, domain::DeliveryStatus::Sent);
  EXPECT_EQ(untouched.external_id, "wamid.OTHER");
  EXPECT_FALSE(untouched.error_code.has_value());
  EXPECT_FALSE(untouched.read_at.has_value());

  // The refused events left no key behind: the owner's own event still applies.
  EXPECT_EQ(applyStatus(statusEvent(other.id, "wamid.OTHER", "failed", at(4))).statuses_applied, 1);
  EXPECT_EQ(message(id).delivery_status, domain::DeliveryStatus::Failed);
}

TEST_P(StoreContractTest, EventKeysAreRememberedPerOrganization) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord other = makeOrganization("Other");
  const std::string mine = sentMessage(clinic.id, "+12015550101", "wamid.MINE", at(1));
  const std::string theirs = sentMessage(other.id, "+12015550102", "wamid.THEIRS", at(1));
  StatusEvent first = statusEvent(clinic.id, "wamid.MINE", "delivered", at(2));
  first.event_key = "meta:same-key";
  StatusEvent second = statusEvent(other.id, "wamid.THEIRS", "delivered", at(2));
  second.event_key = "meta:same-key";
  EXPECT_EQ(applyStatus(first).statuses_applied, 1);
  EXPECT_EQ(applyStatus(second).statuses_applied, 1);
  EXPECT_EQ(applyStatus(second).statuses_ignored, 1);
  EXPECT_EQ(message(mine).delivery_status, domain::DeliveryStatus::Delivered);
  EXPECT_EQ(message(theirs).delivery_status, domain::DeliveryStatus::Delivered);
}

TEST_P(StoreContractTest, SameBytesAreStoredOncePerOrganization) {
  const OrganizationRecord clinic = makeOrganization("Clinic");
  const OrganizationRecord other = makeOrganization("Other");
  WebhookLogRecord at_clinic = webhookRecord("{\"same\":\"bytes\"}", at(1));
  at_clinic.organization_id = clinic.id;
  WebhookLogRecord at_other = at_clinic;
  at_other.organization_id = other.id;
  EXPECT_EQ(must(appendWebhook(at_clinic)), WebhookAppend::Inserted);
  EXPECT_EQ(must(appendWebhook(at_other)), WebhookAppend::Inserted);
  EXPECT_EQ(must(appendWebhook(at_clinic)), WebhookAppend::Duplicate);
  EXPECT_EQ(must(appendWebhook(at_other)), WebhookAppend::Duplicate);
  EXPECT_EQ(must(store().listUnprocessedWebhooks(10)).size(), 2u);
}

}  // namespace
}  // namespace mensajero::storage::contract
