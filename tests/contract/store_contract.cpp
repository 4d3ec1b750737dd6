#include "contract/store_contract.h"

#include <memory>

#include "security/crypto.h"

namespace mensajero::storage::contract {

void StoreContractTest::SetUp() {
  backend_ = GetParam().make();
  ASSERT_NO_FATAL_FAILURE(reopen());
  auto version = store().migrate();
  ASSERT_TRUE(version.ok()) << version.error().message;
}

void StoreContractTest::reopen() {
  store_.reset();
  auto opened = backend_->open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  store_ = std::move(*opened);
}

OrganizationRecord StoreContractTest::makeOrganization(const std::string& name) {
  OrganizationRecord organization;
  organization.name = name;
  organization.created_at = kT0;
  return must(store().createOrganization(organization));
}

NewOutboundMessage StoreContractTest::outbound(const std::string& organization_id,
                                               const std::string& identifier,
                                               UnixMillis created) const {
  NewOutboundMessage message;
  message.organization_id = organization_id;
  message.channel_identifier = identifier;
  message.recipient = identifier;
  message.patient.name = "Test Patient";
  message.patient.phone = identifier;
  message.content = "Your appointment is confirmed";
  message.created_at = created;
  message.next_attempt_at = created;
  return message;
}

AcceptedMessage StoreContractTest::accept(NewOutboundMessage message) {
  return must(store().acceptOutbound(std::move(message)));
}

MessageRecord StoreContractTest::message(const std::string& id) {
  auto found = must(store().findMessage(id));
  EXPECT_TRUE(found.has_value()) << "no message " << id;
  return found.value_or(MessageRecord{});
}

ConversationPage StoreContractTest::page(const std::string& organization_id,
                                         const std::string& conversation_id, int limit,
                                         std::optional<std::string> before) {
  auto found =
      must(store().getConversation(organization_id, conversation_id, limit, std::move(before)));
  EXPECT_TRUE(found.has_value()) << "no conversation " << conversation_id;
  return found.value_or(ConversationPage{});
}

std::string StoreContractTest::sentMessage(const std::string& organization_id,
                                           const std::string& identifier,
                                           const std::string& external_id, UnixMillis sent) {
  const AcceptedMessage accepted = accept(outbound(organization_id, identifier, sent));
  const auto claimed = must(store().claimDueOutbound(sent, 1, "sender", sent + 60'000));
  EXPECT_EQ(claimed.size(), 1u);
  SendAttemptRecord attempt;
  attempt.message_id = accepted.message_id;
  attempt.lease_owner = "sender";
  attempt.attempted_at = sent;
  attempt.outcome = domain::AttemptOutcome::Sent;
  attempt.external_id = external_id;
  EXPECT_EQ(must(store().recordSendAttempt(attempt)), AttemptApplied::Applied);
  return accepted.message_id;
}

WebhookApplyCounts StoreContractTest::applyStatus(const StatusEvent& event) {
  WebhookWork work;
  work.statuses.push_back(event);
  return must(store().applyWebhookWork({work}));
}

WebhookApplyCounts StoreContractTest::applyInbound(const InboundEvent& event) {
  WebhookWork work;
  work.inbound.push_back(event);
  return must(store().applyWebhookWork({work}));
}

Result<WebhookAppend> StoreContractTest::appendWebhook(WebhookLogRecord record) {
  auto done = std::make_shared<std::promise<Result<WebhookAppend>>>();
  auto appended = done->get_future();
  store().appendWebhookAsync(std::move(record),
                             [done](Result<WebhookAppend> result) { done->set_value(result); });
  return appended.get();
}

StatusEvent statusEvent(const std::string& organization_id, const std::string& external_id,
                        const std::string& status, UnixMillis at) {
  StatusEvent event;
  event.event_key = "meta:" + external_id + ":" + status;
  event.organization_id = organization_id;
  event.external_id = external_id;
  event.status = domain::parseDeliveryStatus(status).value();
  event.at = at;
  return event;
}

InboundEvent inboundEvent(const std::string& organization_id, const std::string& identifier,
                          const std::string& external_id, UnixMillis at) {
  InboundEvent event;
  event.event_key = "meta:" + external_id;
  event.organization_id = organization_id;
  event.channel_identifier = identifier;
  event.external_id = external_id;
  event.whatsapp_id = identifier.substr(1);
  event.phone = identifier;
  event.profile_name = "Ana";
  event.content = "Thanks, see you then";
  event.at = at;
  return event;
}

WebhookLogRecord webhookRecord(const std::string& payload, UnixMillis received_at) {
  WebhookLogRecord record;
  record.provider = "meta";
  record.payload = payload;
  // As the webhook handler computes it; the store never recomputes it.
  record.payload_hash = security::sha256Hex(payload);
  record.received_at = received_at;
  return record;
}

}  // namespace mensajero::storage::contract
